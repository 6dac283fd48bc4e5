import { expect, test } from '@playwright/test';
import { externalServers, InfraConfigError, planInfra } from './select.ts';

const external = {
  STACK_INFRA: 'external',
  POSTGRES_URL: 'postgres://u:p@db.internal:5432/postgres',
  S3_ENDPOINT: 'https://s3.internal',
  S3_ACCESS_KEY: 'ak',
  S3_SECRET_KEY: 'sk',
  MONGODB_URL: 'mongodb://docs.internal:27017',
};

test('no STACK_INFRA means embedded, whatever else is set', () => {
  expect(planInfra({})).toBe('embedded');
  expect(planInfra({ STACK_INFRA: '' })).toBe('embedded');
  expect(planInfra({ POSTGRES_URL: external.POSTGRES_URL })).toBe('embedded');
});

test('STACK_INFRA is read case-insensitively and trimmed', () => {
  expect(planInfra({ STACK_INFRA: ' Containers ' })).toBe('containers');
});

test('an unknown STACK_INFRA names the valid values', () => {
  expect(() => planInfra({ STACK_INFRA: 'docker' })).toThrow(InfraConfigError);
  expect(() => planInfra({ STACK_INFRA: 'docker' })).toThrow('embedded, containers, external');
});

test('external takes URLs and credentials from the environment, region defaulting', () => {
  expect(externalServers(['postgres', 's3', 'docstore'], external)).toEqual({
    postgres: { adminUrl: external.POSTGRES_URL },
    s3: { endpoint: 'https://s3.internal', region: 'us-east-1', accessKeyId: 'ak', secretAccessKey: 'sk' },
    docstore: { kind: 'mongodb', url: 'mongodb://docs.internal:27017' },
  });
  expect(externalServers(['s3'], { ...external, S3_REGION: 'eu-west-1' })).toMatchObject({ s3: { region: 'eu-west-1' } });
});

test('external asks only for the resources the run needs', () => {
  expect(externalServers(['postgres'], { POSTGRES_URL: external.POSTGRES_URL })).toEqual({ postgres: { adminUrl: external.POSTGRES_URL } });
  expect(() => externalServers(['postgres', 'docstore'], { POSTGRES_URL: external.POSTGRES_URL })).toThrow('STACK_INFRA=external needs MONGODB_URL');
});

test('external names every missing variable', () => {
  expect(() => externalServers(['postgres', 's3'], { S3_ENDPOINT: 'http://x' })).toThrow('STACK_INFRA=external needs POSTGRES_URL, S3_ACCESS_KEY, S3_SECRET_KEY');
});

test('external rejects malformed URLs, naming the variable', () => {
  expect(() => externalServers(['postgres'], { ...external, POSTGRES_URL: 'mysql://x' })).toThrow(/^POSTGRES_URL must be/);
  expect(() => externalServers(['s3'], { ...external, S3_ENDPOINT: 's3.internal' })).toThrow(/^S3_ENDPOINT must be/);
  expect(() => externalServers(['docstore'], { ...external, MONGODB_URL: 'http://x' })).toThrow(/^MONGODB_URL must be/);
});
