import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { EnvironmentProfile, Platform } from './platform';
import { OrganizationDefaults } from '../core/types';
import { checkScope, constructArgs } from '../private/construct-args';
import { ENVIRONMENTS } from '../private/defaults';
import { nameProblem } from '../private/facts/names';
import { Shape, ShapeProblem, required, shapeProblems } from '../private/shape';
import { SynthError } from '../private/synth-error';
import { Problems, checkName, show } from '../private/validate';

// One app definition, several environments: each environment is its own cdk8s
// App (so quotas, policies and names of one never see another's objects) with
// an `Environment` construct as the scope of its charts, so every construct
// path starts with the environment's name: `[production/shop/checkout] ...`.

/** One environment of an app. */
export interface EnvironmentProps {
  /**
   * Environment name, a DNS-1123 label: its folder under the output folder
   * (`dist/production/`) and the first part of every construct path in it.
   */
  readonly name: string;
  /**
   * Environment profile (replicas, autoscaling, resource scale).
   * @default the built-in profile called `name` ("development", "staging" or "production"); any other name must give one
   */
  readonly profile?: EnvironmentProfile;
  /**
   * Namespaces this environment renames, such as `{ shop: 'shop-dev' }` when
   * two environments share a cluster. Charts name their namespaces with
   * `Environment.namespace(this, 'shop')`; an object left in a renamed
   * namespace, or a rename no chart asks for, fails synth.
   * @default none: every namespace keeps its name
   */
  readonly namespaces?: { [name: string]: string };
}

/** What `new Environments` takes. */
export interface EnvironmentsProps {
  /** The environments, each synthesized into its own folder. */
  readonly environments: EnvironmentProps[];
  /**
   * Output folder; each environment is written to a folder of its name inside it.
   * @default process.env.CDK8S_OUTDIR, else "dist"
   */
  readonly outdir?: string;
  /**
   * Organisation defaults of every environment (a Chart may configure its own).
   * @default none
   */
  readonly defaults?: OrganizationDefaults;
}

/**
 * The scope of one environment's charts: `new ShopChart(env, 'shop')`.
 * `Environments` makes one per environment, each under its own App
 * (`env.app`); it configures the profile (and organisation defaults) for
 * everything beneath it.
 */
export class Environment extends Construct {
  /** The environment `scope` is in, or undefined outside every environment. */
  public static of(scope: IConstruct): Environment | undefined {
    checkScope(scope, 'Environment.of(scope)', 'a construct of the app');
    return [...scope.node.scopes].reverse().find((s): s is Environment => s instanceof Environment);
  }

  /**
   * The name namespace `name` has in the environment of `scope`: its rename
   * there, or `name` itself (also outside every environment).
   */
  public static namespace(scope: IConstruct, name: string): string {
    checkScope(scope, 'Environment.namespace(scope, name)', 'the chart (or the Environment) the namespace is for, such as Environment.namespace(this, "shop")');
    if (typeof name !== 'string') {
      new Problems(scope).add('Environment.namespace name', name, 'is not a string', 'give the namespace the chart uses in every environment, such as "shop"');
      return String(name);
    }
    const env = Environment.of(scope);
    if (!env) return name;
    env.asked.add(name);
    return env.renames.get(name) ?? name;
  }

  /** Environment name. */
  public readonly name: string;
  /** The profile its workloads are shaped by. */
  public readonly profile?: EnvironmentProfile;
  private readonly renames: Map<string, string>;
  private readonly asked = new Set<string>();

  /** `defaults`: organisation defaults of the environment (Environments passes its own). */
  constructor(app: App, given: EnvironmentProps, defaults?: OrganizationDefaults) {
    if (!(app instanceof App)) {
      throw new SynthError([`new Environment(app, props): app ${show(app)} is not a cdk8s App: pass a new App, as Environments does`]);
    }
    const { value: props, problems: misfits } = shapeProblems(given, ENVIRONMENT_SHAPE, '') as { value: EnvironmentProps; problems: ShapeProblem[] };
    // a missing or wrong name is reported below (and by Environments): build under a stand-in id
    super(...constructArgs(app, typeof props.name === 'string' && props.name.trim() ? props.name : 'environment', 'Environment', false));
    this.name = props.name;
    this.profile = props.profile ?? EnvironmentProfile.named(props.name);
    this.renames = new Map(Object.entries(props.namespaces ?? {}));
    Platform.configure(this, { profile: this.profile, defaults });
    const problems = new Problems(this);
    problems.addAll(misfits);
    // a name of the wrong type is reported by the shape; one that is no label is no built-in profile's either
    if (!misfits.some(m => m.prop === 'name' && !m.fallback)) checkName(problems, 'name', props.name);
    if (!this.profile && !nameProblem(props.name, 'dns-1123-label')) {
      problems.addMessage(`profile is not given, and "${props.name}" is not a built-in profile: give one, such as `
        + 'EnvironmentProfile.PRODUCTION or EnvironmentProfile.custom({ name: "qa" }), or name the environment "development", "staging" or "production"');
    }
    for (const [from, to] of this.renames) {
      checkName(problems, 'namespaces key', from);
      checkName(problems, `namespaces.${from}`, to);
    }
    this.node.addValidation({ validate: () => this.renameProblems() });
  }

  /** The App this environment's charts belong to. */
  public get app(): App {
    return this.node.root as App;
  }

  /** Objects still in a renamed namespace, and renames no chart asked for. */
  private renameProblems(): string[] {
    const out: string[] = [];
    for (const obj of this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject)) {
      const ns = obj.kind === 'Namespace' ? obj.metadata.name : obj.metadata.namespace;
      const to = ns === undefined ? undefined : this.renames.get(ns);
      if (to !== undefined && to !== ns) {
        out.push(`${obj.kind} "${obj.metadata.name}" (${obj.node.path}) is in namespace "${ns}", which this environment renames to "${to}": `
          + `name the namespace with Environment.namespace(this, "${ns}") in its chart`);
      }
    }
    for (const [from, to] of this.renames) {
      if (!this.asked.has(from)) {
        out.push(`namespaces.${from} "${to}" is never used: no chart names its namespace with Environment.namespace(this, "${from}"); fix the name or remove the rename`);
      }
    }
    return out;
  }
}

const ENVIRONMENT_SHAPE: Shape = {
  name: required('string'),
  profile: { instance: EnvironmentProfile, example: 'an EnvironmentProfile such as EnvironmentProfile.PRODUCTION' },
  namespaces: 'stringMap',
};

// Only what Environments itself reads: each environment's props are checked by its Environment, the defaults by its
// Platform.configure (checked here too, they would be reported twice, and the stand-ins here reported again there)
const ENVIRONMENTS_SHAPE: Shape = {
  environments: required({ list: { instance: Object, example: 'an environment such as { name: "production" }' } }),
  outdir: 'string',
  defaults: 'any',
};

/**
 * Several environments of one app definition, synthesized together:
 * `synthesizeOrExit(environments)` checks every environment and writes
 * `dist/<name>/` for each, all or nothing. Build each one's charts in a loop:
 *
 * ```ts
 * const environments = new Environments({ environments: [{ name: 'staging' }, { name: 'production' }] });
 * for (const env of environments.environments) new ShopChart(env, 'shop');
 * synthesizeOrExit(environments);
 * ```
 */
export class Environments {
  /** Output folder. */
  public readonly outdir: string;
  /** The environments, in the order given. */
  public readonly environments: Environment[];

  /** What did not fit the props' shape (JavaScript callers), reported by render. @internal */
  public readonly _problems: readonly ShapeProblem[];

  constructor(given: EnvironmentsProps) {
    const { value: props, problems } = shapeProblems(given, ENVIRONMENTS_SHAPE, '') as { value: EnvironmentsProps; problems: ShapeProblem[] };
    this._problems = problems;
    this.outdir = props.outdir ?? process.env.CDK8S_OUTDIR ?? ENVIRONMENTS.outdir;
    const seen = new Set<string>();
    this.environments = props.environments.map(item => {
      // the folder is named after the name (a stand-in when it is wrong, which the Environment reports)
      const { name } = shapeProblems(item, ENVIRONMENT_SHAPE, '').value as EnvironmentProps;
      const env = new Environment(new App({ outdir: path.join(this.outdir, name) }), item, props.defaults);
      if (seen.has(name)) {
        new Problems(env).add('name', name, 'is given to two environments', 'give each environment its own name: it names its folder');
      }
      seen.add(name);
      return env;
    });
  }
}
