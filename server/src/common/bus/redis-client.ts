/**
 * A Redis connection for the event bus (ioredis). It reconnects forever with a capped delay (a Redis
 * restart must not stop a relay or a consumer: their loops retry), and commands fail at once while it
 * is disconnected instead of queueing: a queued XADD replayed after a reconnect could land after a
 * later one, and the loops retry anyway.
 */
import { Redis } from 'ioredis';

export function connectRedis(url: string, name: string): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: (attempt) => Math.min(50 * attempt, 1_000),
  });
  // Connection errors are reported to the commands that fail; without a listener they would crash the process.
  redis.on('error', () => {});
  return redis;
}

/** Waits until the connection is ready (or fails after `timeoutMs`). */
export async function redisReady(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Redis not ready after ${timeoutMs} ms`)), timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
