// The one config loader: `.env` (if present) under the real environment, which wins.
import path from 'node:path';
import dotenv from 'dotenv';
import { REPO_ROOT } from './paths.ts';

let loaded = false;
export function loadEnv(): NodeJS.ProcessEnv {
  if (!loaded) {
    dotenv.config({ path: path.join(REPO_ROOT, '.env'), quiet: true });
    // The SDK warns on every start that its 2027 releases need Node 22; package-lock pins ours.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    loaded = true;
  }
  return process.env;
}
