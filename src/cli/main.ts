#!/usr/bin/env node
import { runCli } from './cli';

// The `nestjs-sqs-kit` bin. Exits explicitly once the command is done, so no stray timer (a
// message move task, a keep-alive socket) can keep a stopped emulator's process alive.
void runCli(process.argv.slice(2)).then((code) => process.exit(code));
