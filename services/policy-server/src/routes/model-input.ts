// What /predict and /episode share: the XML's size limit and MuJoCo's verdict on it, as 4xx.
import type { FastifyReply } from 'fastify';
import { sendError } from '../../../shared/src/reply.ts';
import { LIMITS } from '../config.ts';
import { loadModel, ModelError, type LoadedModel } from '../mujoco.ts';

/** The compiled model, or undefined after answering 413/400 for the caller's XML. */
export async function modelOrReply(xml: string, reply: FastifyReply): Promise<LoadedModel | undefined> {
  const bytes = Buffer.byteLength(xml);
  if (bytes > LIMITS.xmlBytes) {
    await sendError(reply, 413, 'xml_too_large', `body.xml_string is ${bytes} bytes; at most ${LIMITS.xmlBytes}`, 'body.xml_string');
    return undefined;
  }
  try {
    return await loadModel(xml);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    await sendError(reply, 400, 'invalid_model', error.message, 'body.xml_string');
    return undefined;
  }
}
