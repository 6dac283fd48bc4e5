// Where a worker reports a long check's result: POST /workflows/{workflow_id}/callbacks/{topic}
// with X-Callback-Token, an HMAC of the workflow and topic under the controller's secret. The
// token proves the result is for the call that asked for it; no other key is handed out.
import crypto from 'node:crypto';

export function callbackToken(secret: string, workflowId: string, topic: string): string {
  return crypto.createHmac('sha256', secret).update(`${workflowId}\n${topic}`).digest('hex');
}

export function callbackUrl(baseUrl: string, workflowId: string, topic: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/workflows/${encodeURIComponent(workflowId)}/callbacks/${encodeURIComponent(topic)}`;
}

/** Timing-safe: is `given` the token of this workflow and topic? */
export function validCallbackToken(secret: string, workflowId: string, topic: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const want = Buffer.from(callbackToken(secret, workflowId, topic));
  const got = Buffer.from(given);
  return want.length === got.length && crypto.timingSafeEqual(want, got);
}
