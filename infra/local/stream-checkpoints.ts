/**
 * Where each consumer has got to in each shard: the last sequence number it is done with, and
 * whether a closed shard is finished. Kept in `.local/stream-checkpoints.json` when the database is
 * persistent (a restart resumes instead of replaying the stream), in memory otherwise. A checkpoint
 * for another stream (the table was recreated) is ignored.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ShardCheckpoint {
  sequenceNumber?: string;
  finished?: boolean;
}

export interface ConsumerCheckpoints {
  streamArn: string;
  shards: Record<string, ShardCheckpoint>;
}

export interface CheckpointStore {
  readonly location: string;
  get(consumer: string, streamArn: string, shardId: string): ShardCheckpoint | undefined;
  set(consumer: string, streamArn: string, shardId: string, checkpoint: ShardCheckpoint): void;
}

type CheckpointData = Record<string, ConsumerCheckpoints>;

function checkpointStore(location: string, data: CheckpointData, persist: (data: CheckpointData) => void): CheckpointStore {
  return {
    location,
    get(consumer, streamArn, shardId) {
      const entry = data[consumer];
      return entry?.streamArn === streamArn ? entry.shards[shardId] : undefined;
    },
    set(consumer, streamArn, shardId, checkpoint) {
      let entry = data[consumer];
      if (entry?.streamArn !== streamArn) {
        entry = { streamArn, shards: {} };
        data[consumer] = entry;
      }
      entry.shards[shardId] = checkpoint;
      persist(data);
    },
  };
}

export function memoryCheckpointStore(): CheckpointStore {
  return checkpointStore('memory', {}, () => {});
}

export function fileCheckpointStore(path: string): CheckpointStore {
  const data = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CheckpointData) : {};
  return checkpointStore(path, data, (current) => {
    mkdirSync(dirname(path), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file.
    writeFileSync(`${path}.tmp`, `${JSON.stringify(current, null, 2)}\n`);
    renameSync(`${path}.tmp`, path);
  });
}
