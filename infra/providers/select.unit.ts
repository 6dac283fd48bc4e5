import { expect, test } from '@playwright/test';
import { InfraConfigError, planInfra } from './select.ts';

const external = {
  STACK_INFRA: 'external',
  POSTGRES_URL: 'postgres://u:p@db.internal:5432/postgres',
  S3_ENDPOINT: 'https://s3.internal',
  S3_ACCESS_KEY: 'ak',
  S3_SECRET_KEY: 'sk',
};

test('no STACK_INFRA means embedded, whatever else is set', () => {
  expect(planInfra({})).toEqual({ kind: 'embedded' });
  expect(planInfra({ STACK_INFRA: '' })).toEqual({ kind: 'embedded' });
  expect(planInfra({ POSTGRES_URL: external.POSTGRES_URL })).toEqual({ kind: 'embedded' });
});

test('STACK_INFRA is read case-insensitively and trimmed', () => {
  expect(planInfra({ STACK_INFRA: ' Containers ' })).toEqual({ kind: 'containers' });
});

test('an unknown STACK_INFRA names the valid values', () => {
  expect(() => planInfra({ STACK_INFRA: 'docker' })).toThrow(InfraConfigError);
  expect(() => planInfra({ STACK_INFRA: 'docker' })).toThrow('embedded, containers, external');
});

test('external takes URLs and credentials from the environment, region defaulting', () => {
  expect(planInfra(external)).toEqual({
    kind: 'external',
    postgres: { adminUrl: external.POSTGRES_URL },
    s3: { endpoint: 'https://s3.internal', region: 'us-east-1', accessKeyId: 'ak', secretAccessKey: 'sk' },
  });
  expect(planInfra({ ...external, S3_REGION: 'eu-west-1' })).toMatchObject({ s3: { region: 'eu-west-1' } });
});

test('external names every missing variable', () => {
  expect(() => planInfra({ STACK_INFRA: 'external', S3_ENDPOINT: 'http://x' })).toThrow(
    'STACK_INFRA=external needs POSTGRES_URL, S3_ACCESS_KEY, S3_SECRET_KEY',
  );
});

test('external rejects malformed URLs, naming the variable', () => {
  expect(() => planInfra({ ...external, POSTGRES_URL: 'mysql://x' })).toThrow(/^POSTGRES_URL must be/);
  expect(() => planInfra({ ...external, S3_ENDPOINT: 's3.internal' })).toThrow(/^S3_ENDPOINT must be/);
});
