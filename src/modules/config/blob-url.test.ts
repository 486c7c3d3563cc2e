import { describe, expect, it } from 'vitest';
import { parseBlobUrl, s3SettingsFrom } from './blob-url.ts';
import { loadConfig } from './config.ts';

describe('POSTSTELLE_BLOB_URL', () => {
  it('defaults to blobs/ in the data dir', () => {
    expect(parseBlobUrl(null, '/srv/poststelle')).toEqual({ driver: 'fs', root: '/srv/poststelle/blobs' });
    expect(parseBlobUrl('', '/srv/poststelle')).toEqual({ driver: 'fs', root: '/srv/poststelle/blobs' });
  });

  it('reads file:///dir as a filesystem store', () => {
    expect(parseBlobUrl('file:///mnt/nfs/poststelle%20blobs', '/data')).toEqual({ driver: 'fs', root: '/mnt/nfs/poststelle blobs' });
    expect(() => parseBlobUrl('file://relative/dir', '/data')).toThrow(expect.objectContaining({ code: 'config.invalid_blob_url' }));
  });

  it('reads s3://bucket/prefix, with or without prefix and slashes', () => {
    expect(parseBlobUrl('s3://stadtwerke-posteingang/prod/blobs', '/data')).toEqual({ driver: 's3', bucket: 'stadtwerke-posteingang', prefix: 'prod/blobs' });
    expect(parseBlobUrl('s3://stadtwerke-posteingang/prod/', '/data')).toEqual({ driver: 's3', bucket: 'stadtwerke-posteingang', prefix: 'prod' });
    expect(parseBlobUrl('s3://poststelle.archiv.de', '/data')).toEqual({ driver: 's3', bucket: 'poststelle.archiv.de', prefix: '' });
  });

  it('rejects what S3 would reject, with a message naming the variable', () => {
    for (const bad of ['s3://Gross-Buchstaben/x', 's3://ab/x', 's3://-anfang/x', 's3://key:secret@bucket-name/x', 's3://bucket-name/x?region=eu', 's3://bucket-name/../x', 'gs://bucket-name/x', 'kein url']) {
      expect(() => parseBlobUrl(bad, '/data'), bad).toThrow(expect.objectContaining({ code: 'config.invalid_blob_url', message: expect.stringContaining('POSTSTELLE_BLOB_URL') }));
    }
  });

  it('fails loadConfig at start-up on a bad URL instead of at the first upload', () => {
    expect(() => loadConfig({ dataDir: '/tmp/pst' }, { POSTSTELLE_BLOB_URL: 'ftp://archiv/briefe' })).toThrow(expect.objectContaining({ code: 'config.invalid_blob_url' }));
    const config = loadConfig({ dataDir: '/tmp/pst' }, { POSTSTELLE_BLOB_URL: 's3://posteingang-hamburg/2026', S3_ENDPOINT: 'http://minio.intern:9000' });
    expect(config.blobUrl).toBe('s3://posteingang-hamburg/2026');
    expect(config.s3).toEqual({ endpoint: 'http://minio.intern:9000', region: 'us-east-1', forcePathStyle: true, maxAttempts: 5 });
  });
});

describe('S3 client settings from the environment', () => {
  it('uses AWS itself (virtual-host style) when no endpoint is set', () => {
    expect(s3SettingsFrom({ AWS_REGION: 'eu-central-1' })).toEqual({ endpoint: null, region: 'eu-central-1', forcePathStyle: false, maxAttempts: 5 });
    expect(s3SettingsFrom({ AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1');
  });

  it('takes S3_ENDPOINT before AWS_ENDPOINT_URL_S3 before AWS_ENDPOINT_URL', () => {
    expect(s3SettingsFrom({ S3_ENDPOINT: 'http://a:9000', AWS_ENDPOINT_URL_S3: 'http://b:9000', AWS_ENDPOINT_URL: 'http://c:9000' }).endpoint).toBe('http://a:9000');
    expect(s3SettingsFrom({ AWS_ENDPOINT_URL_S3: 'http://b:9000', AWS_ENDPOINT_URL: 'http://c:9000' }).endpoint).toBe('http://b:9000');
    expect(s3SettingsFrom({ AWS_ENDPOINT_URL: 'https://s3.ionoscloud.com' }).endpoint).toBe('https://s3.ionoscloud.com');
  });

  it('lets S3_FORCE_PATH_STYLE and AWS_MAX_ATTEMPTS override the defaults, and rejects nonsense', () => {
    expect(s3SettingsFrom({ S3_ENDPOINT: 'https://s3.example.net', S3_FORCE_PATH_STYLE: 'false' }).forcePathStyle).toBe(false);
    expect(s3SettingsFrom({ S3_FORCE_PATH_STYLE: 'true' }).forcePathStyle).toBe(true);
    expect(s3SettingsFrom({ AWS_MAX_ATTEMPTS: '9' }).maxAttempts).toBe(9);
    expect(() => s3SettingsFrom({ S3_FORCE_PATH_STYLE: 'vielleicht' })).toThrow(expect.objectContaining({ code: 'config.invalid_env' }));
    expect(() => s3SettingsFrom({ AWS_MAX_ATTEMPTS: '0' })).toThrow(expect.objectContaining({ code: 'config.invalid_env' }));
    expect(() => s3SettingsFrom({ S3_ENDPOINT: 'minio:9000' })).toThrow(expect.objectContaining({ code: 'config.invalid_env' }));
  });
});
