/**
 * Preloaded into the built command by tests (`node --require write-faults.cjs dist/cli.js ...`, see
 * `pauseAfter` in spawn-cli.ts), so that a test can act while a run is half way through its write.
 *
 * It wraps the `node:fs` calls the writer creates files with: `writeFileSync` and `openSync` ... `closeSync`
 * with an exclusive create (flag `wx`). After the Nth file created and closed (the lock file does not
 * count), it prints `paused after N files` on stderr and blocks the process for M ms. The bundle calls
 * fs functions as properties of the `node:fs` module object at each call, so it calls these wrappers.
 * A signal that comes during the block is handled by the writer when it next yields to the event loop.
 *
 * WRITE_FAULTS_PAUSE_AFTER=N, WRITE_FAULTS_PAUSE_MS=M (default 3000). Without N it changes nothing.
 *
 * WRITE_FAULTS_PAUSE_AFTER_READ=<file name> instead pauses once, after the first read of a file of that
 * name (`paused after reading <name>`): a test can then change the project between a run's read of its
 * record and its write.
 *
 * WRITE_FAULTS_PAUSE_AFTER_RENAME=<file name> pauses once, after the first rename from or to a file of
 * that name (`paused after renaming <name>`): a test can then look at the folder in the middle of a
 * replacement.
 */
'use strict';
const fs = require('node:fs');
const { basename } = require('node:path');

const pauseAfter = Number(process.env.WRITE_FAULTS_PAUSE_AFTER);
const pauseMs = Number(process.env.WRITE_FAULTS_PAUSE_MS || 3000);
const LOCK_FILE = '.create-agents.lock';

const pauseAfterRead = process.env.WRITE_FAULTS_PAUSE_AFTER_READ;

const block = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

if (pauseAfterRead) {
  const { readFileSync, openSync, closeSync, writeSync } = fs;
  let paused = false;
  const reading = new Set();
  const pause = () => {
    if (paused) return;
    paused = true;
    writeSync(2, `write-faults: paused after reading ${pauseAfterRead}\n`);
    block(pauseMs);
  };
  const named = (path) => typeof path !== 'number' && basename(String(path)) === pauseAfterRead;
  fs.readFileSync = function (path, ...rest) {
    const result = readFileSync.call(this, path, ...rest);
    if (named(path)) pause();
    return result;
  };
  fs.openSync = function (path, ...rest) {
    const fd = openSync.call(this, path, ...rest);
    if (named(path)) reading.add(fd);
    return fd;
  };
  fs.closeSync = function (fd, ...rest) {
    const result = closeSync.call(this, fd, ...rest);
    if (reading.delete(fd)) pause();
    return result;
  };
}

const pauseAfterRename = process.env.WRITE_FAULTS_PAUSE_AFTER_RENAME;

if (pauseAfterRename) {
  const { renameSync, writeSync } = fs;
  let paused = false;
  fs.renameSync = function (from, to, ...rest) {
    const result = renameSync.call(this, from, to, ...rest);
    if (!paused && [from, to].some((p) => basename(String(p)) === pauseAfterRename)) {
      paused = true;
      writeSync(2, `write-faults: paused after renaming ${pauseAfterRename}\n`);
      block(pauseMs);
    }
    return result;
  };
}

if (Number.isInteger(pauseAfter) && pauseAfter > 0) {
  const { writeFileSync, openSync, closeSync, writeSync, constants } = fs;
  let created = 0;
  /** Files opened with an exclusive create and not yet closed. */
  const opening = new Set();
  /** Inside writeFileSync, which may call fs.openSync and fs.closeSync itself (it does in Node 20). */
  let inWriteFile = false;

  const exclusive = (flag) => (typeof flag === 'number' ? (flag & constants.O_EXCL) !== 0 : typeof flag === 'string' && flag.includes('x'));
  const counts = (path) => typeof path !== 'number' && basename(String(path)) !== LOCK_FILE;

  const fileCreated = () => {
    if (++created !== pauseAfter) return;
    writeSync(2, `write-faults: paused after ${created} files\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
  };

  fs.writeFileSync = function (path, data, options, ...rest) {
    inWriteFile = true;
    let result;
    try {
      result = writeFileSync.call(this, path, data, options, ...rest);
    } finally {
      inWriteFile = false;
    }
    if (counts(path) && exclusive(typeof options === 'object' && options ? options.flag : undefined)) fileCreated();
    return result;
  };
  fs.openSync = function (path, flags, ...rest) {
    const fd = openSync.call(this, path, flags, ...rest);
    if (!inWriteFile && counts(path) && exclusive(flags)) opening.add(fd);
    return fd;
  };
  fs.closeSync = function (fd, ...rest) {
    const result = closeSync.call(this, fd, ...rest);
    if (opening.delete(fd)) fileCreated();
    return result;
  };
}
