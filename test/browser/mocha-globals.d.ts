// Minimal typings for the mocha globals that @web/test-runner provides (no @types/mocha dependency).
type MochaDone = (error?: unknown) => void;
/** The part of mocha's test context the tests use. */
interface MochaContext {
  timeout(ms: number): void;
}
type MochaFn = (this: MochaContext, done: MochaDone) => unknown;
declare function describe(title: string, fn: () => void): void;
declare function it(title: string, fn: MochaFn): void;
declare function before(fn: MochaFn): void;
declare function after(fn: MochaFn): void;
declare function beforeEach(fn: MochaFn): void;
declare function afterEach(fn: MochaFn): void;
