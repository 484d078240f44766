import type { Finding } from '../policy/rule';

// The error of a failed synth. It lives below the constructs so that a
// constructor or method that has no app to collect an error into (a scope that
// is not a construct) throws the same clear, one-line-per-error error.

/** Thrown when a synth finds errors; `errors` lists every one. */
export class SynthError extends Error {
  /** Every finding of the failed synth, warnings and suppressed ones included. */
  public readonly findings: Finding[];

  /**
   * @param errors every error, one line each, as printed
   * @param findings every finding of the failed synth
   */
  public readonly errors: string[];

  constructor(errors: string[], findings: Finding[] = []) {
    // a JavaScript caller may pass one message, or anything else
    const lines = (Array.isArray(errors) ? errors : [errors]).map(e => typeof e === 'string' ? e : String(e));
    super(`synth failed with ${lines.length} error${lines.length === 1 ? '' : 's'}:\n${lines.map(e => `  ${e}`).join('\n')}`);
    this.name = 'SynthError';
    this.errors = lines;
    this.findings = Array.isArray(findings) ? findings : [];
  }
}
