/**
 * zod on its own, loaded by create-services a task before the network layer. Evaluating zod's
 * chunk and then the contract's session schemas built with it was one task of 36 to 65 ms on the
 * benchmark machine (up to 24 ms of it garbage collection), four times that on a phone; apart,
 * zod takes 25 to 47 ms and the schemas 10 to 12, so input waits for at most the larger half.
 *
 * Importing this evaluates the whole zod chunk (vite.config.ts), which holds every part of zod
 * the contract uses. It re-exports one function: re-exporting the `z` namespace from a module
 * loaded by `import()` keeps all of zod in the build (382 KB instead of 88 on 7 December).
 *
 * The network layer's files are asked for once this one has arrived and run: on an empty cache
 * one round trip later than when they downloaded beside it; from the service worker's cache
 * (every start after the first) they need no network.
 */
export { string } from 'zod';
