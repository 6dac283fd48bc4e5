// The one S3 client factory, for services and the harness alike.
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export interface S3Settings {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function createS3Client(s: S3Settings): S3Client {
  const options: S3ClientConfig = {
    endpoint: s.endpoint,
    region: s.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey },
    // Without these the SDK frames streamed bodies as aws-chunked, which s3rver stores verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  return new S3Client(options);
}
