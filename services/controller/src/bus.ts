// In-process fan-out of episode changes to WebSocket subscribers. The controller that runs an
// episode's workflow is the one that records its traces, so process-local delivery suffices.
import { EventEmitter } from 'node:events';
import type { WsMessageType } from '../../shared/src/schemas.ts';

export interface BusMessage {
  type: WsMessageType;
  [key: string]: unknown;
}

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function publish(episodeId: string, message: BusMessage): void {
  emitter.emit(episodeId, message);
}

export function subscribe(episodeId: string, listener: (message: BusMessage) => void): () => void {
  emitter.on(episodeId, listener);
  return () => emitter.off(episodeId, listener);
}
