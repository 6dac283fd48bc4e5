import { AlertTriangle, FileText, FolderOpen, Pencil, Wrench } from 'lucide-react';
import type { Trace } from '../api/types.ts';
import { describeToolCall } from './toolCall.ts';

const ICONS = { edited: Pencil, 'viewed-file': FileText, 'viewed-directory': FolderOpen, failed: AlertTriangle, other: Wrench };

export function ToolCallRow({ start, end }: { start: Trace; end?: Trace }) {
  const view = describeToolCall(start, end);
  const Icon = ICONS[view.kind];
  return (
    <div className={`tool-row tool-${view.kind}`} data-testid="tool-call" data-tool={start.name ?? ''} title={view.path}>
      <Icon size={14} aria-hidden />
      <span>{view.label}</span>
      {view.kind !== 'edited' && view.kind !== 'failed' && view.path && <span className="muted tool-path">{view.path}</span>}
      {!end && <span className="muted">…</span>}
    </div>
  );
}
