// The provider registry: one provider per resource kind a stack can declare.
import { docstore } from './docstore.ts';
import { postgres } from './postgres.ts';
import { s3 } from './s3.ts';
import type { ResourceKind, ResourceProvider } from './types.ts';

export const providers: { [K in ResourceKind]: ResourceProvider<K> } = { postgres, s3, docstore };

export { planInfra, InfraConfigError } from './select.ts';
