import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSVLogger } from './csv-logger.js';

describe('CSVLogger', () => {
  it('writes a sorted header and one row per epoch, then appends without a second header', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keras-ts-csv-'));
    const file = join(dir, 'log.csv');
    const logger = new CSVLogger(file);
    await logger.onTrainBegin();
    await logger.onEpochEnd(0, { loss: 0.5, accuracy: 1, val_loss: 0.25 });
    await logger.onEpochEnd(1, { loss: 0.125, accuracy: 0.75 });
    await logger.onTrainEnd();
    expect(await readFile(file, 'utf8')).toBe('epoch,accuracy,loss,val_loss\r\n0,1.0,0.5,0.25\r\n1,0.75,0.125,NA\r\n');
    const appender = new CSVLogger(file, { append: true });
    await appender.onTrainBegin();
    await appender.onEpochEnd(2, { accuracy: 0.5, loss: 1e-7, val_loss: 0.5 });
    expect(await readFile(file, 'utf8')).toBe('epoch,accuracy,loss,val_loss\r\n0,1.0,0.5,0.25\r\n1,0.75,0.125,NA\r\n2,0.5,1e-07,0.5\r\n');
    await rm(dir, { recursive: true, force: true });
  });

  it('reserves val_ columns when the first epoch has none, and honours the separator', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keras-ts-csv-'));
    const file = join(dir, 'log.csv');
    const logger = new CSVLogger(file, { separator: ';' });
    await logger.onTrainBegin();
    await logger.onEpochEnd(0, { loss: 2 });
    await logger.onEpochEnd(1, { loss: 1, val_loss: 3 });
    expect(await readFile(file, 'utf8')).toBe('epoch;loss;val_loss\r\n0;2.0;NA\r\n1;1.0;3.0\r\n');
    await rm(dir, { recursive: true, force: true });
  });
});
