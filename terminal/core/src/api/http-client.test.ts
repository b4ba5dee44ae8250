/// <reference types="node" />
/**
 * The till's HTTP client against a real HTTP server: it names its protocol version on every request,
 * and an answer it cannot read — another protocol major version, or a body that does not match the
 * shared schema — is an `invalid_response` ApiError (retryable), never data.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION } from '@pos/shared/protocol';
import { storeProfile } from '@pos/shared/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error.ts';
import { HttpClient } from './http-client.ts';

let server: Server;
let answer: { headers: Record<string, string>; body: unknown };
let protocolsSeen: (string | undefined)[];
let client: HttpClient;

beforeEach(async () => {
  protocolsSeen = [];
  answer = { headers: {}, body: { storeId: 'kiosk', name: 'Kiosk', currency: 'SEK' } };
  server = createServer((req, res) => {
    protocolsSeen.push(req.headers['pos-protocol'] as string | undefined);
    res.writeHead(200, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  client = new HttpClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 't' });
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const failureOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return (error as ApiError).failure;
};

describe('HttpClient and the protocol version', () => {
  it('when the till calls, then it names its protocol version, and an answer of the same major is read', async () => {
    answer.headers = { 'Pos-Protocol': `${PROTOCOL_VERSION.split('.')[0]}.42` };
    expect((await client.request('GET', '/v1/store', { schema: storeProfile })).data).toEqual({
      storeId: 'kiosk',
      name: 'Kiosk',
      currency: 'SEK',
    });
    expect(protocolsSeen).toEqual([PROTOCOL_VERSION]);
  });

  it('when the answer names another major version, then it is an invalid_response', async () => {
    answer.headers = { 'Pos-Protocol': `${Number(PROTOCOL_VERSION.split('.')[0]) + 1}.0` };
    expect(await failureOf(client.request('GET', '/v1/store', { schema: storeProfile }))).toMatchObject({
      kind: 'invalid_response',
      status: 200,
    });
  });

  it('when the body does not match the shared schema, then it is an invalid_response', async () => {
    answer.body = { storeId: 'kiosk', name: 'Kiosk', currency: 'euro' };
    expect(await failureOf(client.request('GET', '/v1/store', { schema: storeProfile }))).toMatchObject({ kind: 'invalid_response' });
  });
});
