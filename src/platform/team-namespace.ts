import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { SyncWave, keepOnDelete } from './gitops';
import { PodSecurityLevel } from '../core/types';
import { constructArgs } from '../private/construct-args';
import { MANAGED_BY, TEAM_NAMESPACE } from '../private/defaults';
import { cpuMillis, isCpuQuantity, mebibytes } from '../private/facts/quantity';
import * as k8s from '../private/k8s';
import { dnsEgress } from '../private/network';
import { LEVELS, Level, podSecurityNeeds, podSpecOf } from '../private/pod-security';
import { Shape, checkShape, required } from '../private/shape';
import { Problems, checkCount, checkLabels, checkName } from '../private/validate';

/** Hard limits of the namespace's ResourceQuota, as Kubernetes quantities. */
export interface QuotaProps {
  /** Sum of CPU requests. */
  readonly cpu: string;
  /** Sum of memory requests. */
  readonly memory: string;
  /**
   * Sum of CPU limits (limits.cpu); checked against the limits of the workloads declared here.
   * @default sized from the workloads' CPU limits like a derived quota (at their most pods × 1.5, never below "4000m")
   */
  readonly cpuLimit?: string;
  /**
   * Sum of memory limits (limits.memory); checked against the limits of the workloads declared here.
   * @default sized from the workloads' memory limits like a derived quota (at their most pods × 1.5, never below "4096Mi")
   */
  readonly memoryLimit?: string;
  /**
   * Sum of ephemeral-storage requests and limits.
   * @default "10Gi" (the floor of a derived quota)
   */
  readonly ephemeralStorage?: string;
  /**
   * Pods.
   * @default 20 (the floor of a derived quota)
   */
  readonly pods?: number;
  /**
   * PersistentVolumeClaims.
   * @default 5 (the floor of a derived quota)
   */
  readonly persistentVolumeClaims?: number;
  /**
   * Sum of PersistentVolumeClaim storage requests.
   * @default "50Gi" (the floor of a derived quota)
   */
  readonly storage?: string;
}

/** Props of a `TeamNamespace`. */
export interface TeamNamespaceProps {
  /**
   * Namespace name, a DNS-1123 label.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * Pod Security Standard the namespace enforces (warn and audit use the same level).
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * ResourceQuota limits.
   * @default sized from the requests and limits of the workloads declared in the namespace, times 1.5 for rollouts and jobs
   */
  readonly quota?: QuotaProps;
  /**
   * Nodes a DaemonSet in this namespace is sized for when the quota is derived.
   * @default 3
   */
  readonly expectedNodes?: number;
  /**
   * Labels on the Namespace and every object here.
   * @default none
   */
  readonly labels?: { [key: string]: string };
}

const QUOTA_SHAPE: Shape = {
  cpu: required('string'), memory: required('string'), cpuLimit: 'string', memoryLimit: 'string', ephemeralStorage: 'string', pods: 'int', persistentVolumeClaims: 'int', storage: 'string',
};

/** The known props of a TeamNamespace (src/private/shape.ts). @internal */
export const TEAM_NAMESPACE_SHAPE: Shape = {
  name: 'string', podSecurity: 'string', quota: { object: QUOTA_SHAPE }, expectedNodes: 'int', labels: 'stringMap',
};

/** An object as JSON, or undefined when it cannot render (its own checks say why). */
function renderedOrUndefined(o: ApiObject): any {
  try {
    return o.toJson();
  } catch {
    return undefined;
  }
}

/**
 * A namespace landing zone: the Namespace with Pod Security admission labels,
 * a ResourceQuota, a LimitRange, default-deny NetworkPolicy plus DNS egress,
 * and a least-privilege deployer ServiceAccount for CI.
 */
export class TeamNamespace extends Construct {
  /** Namespace name. */
  public readonly name: string;
  /** The Pod Security Standard enforced. */
  public readonly podSecurity: PodSecurityLevel;
  /** The Namespace. */
  public readonly namespace: k8s.KubeNamespace;
  /** The ResourceQuota. */
  public readonly resourceQuota: k8s.KubeResourceQuota;
  /** The LimitRange with container defaults. */
  public readonly limitRange: k8s.KubeLimitRange;
  /** The default-deny NetworkPolicy (with DNS egress). */
  public readonly defaultDeny: k8s.KubeNetworkPolicy;
  /** ServiceAccount CI deploys with. */
  public readonly deployer: k8s.KubeServiceAccount;
  /** Role of the deployer: the kinds this library emits, no wildcards. */
  public readonly deployerRole: k8s.KubeRole;
  /** Binds the role to the deployer. */
  public readonly deployerBinding: k8s.KubeRoleBinding;

  private readonly hard: { [key: string]: k8s.Quantity } = {};

  constructor(scope: Construct, id: string, given: TeamNamespaceProps = {}) {
    [scope, id] = constructArgs(scope, id, 'TeamNamespace');
    super(scope, id);
    const problems = new Problems(this);
    const props = checkShape<TeamNamespaceProps>(given, TEAM_NAMESPACE_SHAPE, '', (...a) => problems.add(...a));
    checkLabels(problems, 'labels', props.labels);
    checkCount(problems, 'expectedNodes', props.expectedNodes, 1);
    if (props.quota?.cpuLimit !== undefined && !isCpuQuantity(props.quota.cpuLimit)) {
      problems.add('quota.cpuLimit', props.quota.cpuLimit, 'is not a CPU quantity', 'give cores or millicores, such as "8" or "8000m"');
    }
    if (props.quota?.memoryLimit !== undefined && Number.isNaN(mebibytes(props.quota.memoryLimit))) {
      problems.add('quota.memoryLimit', props.quota.memoryLimit, 'is not a memory quantity', 'give bytes with a suffix, such as "16Gi"');
    }
    this.name = props.name ?? id;
    this.podSecurity = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    checkName(problems, props.name ? 'name' : 'id (the default name)', this.name);
    if ((TEAM_NAMESPACE.reserved as readonly string[]).includes(this.name)) {
      problems.add(props.name ? 'name' : 'id (the default name)', this.name, 'is a namespace Kubernetes reserves for itself',
        'give the team its own namespace, such as "team-shop": a default-deny policy and Pod Security "restricted" there would break cluster DNS and system pods');
    }
    if (!LEVELS.includes(this.podSecurity as Level)) {
      problems.add('podSecurity', this.podSecurity, 'is not a Pod Security Standard level', 'use PodSecurityLevel.RESTRICTED, BASELINE or PRIVILEGED');
    }
    const labels = { 'app.kubernetes.io/part-of': this.name, 'app.kubernetes.io/managed-by': MANAGED_BY, ...props.labels };
    const meta = (name: string) => ({ name, namespace: this.name, labels });
    const psa = Object.fromEntries(['enforce', 'warn', 'audit'].flatMap(mode => [
      [`pod-security.kubernetes.io/${mode}`, this.podSecurity],
      [`pod-security.kubernetes.io/${mode}-version`, TEAM_NAMESPACE.podSecurityVersion],
    ]));

    this.namespace = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: { name: this.name, labels: { ...labels, ...psa } },
    });
    this.node.defaultChild = this.namespace;
    SyncWave.tier(this, 'namespace');
    // deleting a Namespace deletes every PersistentVolumeClaim in it
    keepOnDelete(this.namespace);

    this.resourceQuota = new k8s.KubeResourceQuota(this, 'ResourceQuota', {
      metadata: meta(this.name),
      spec: { hard: this.hard },
    });

    const d = TEAM_NAMESPACE.containerDefaults;
    const q = (v: string) => k8s.Quantity.fromString(v);
    this.limitRange = new k8s.KubeLimitRange(this, 'LimitRange', {
      metadata: meta(this.name),
      spec: {
        limits: [{
          type: 'Container',
          defaultRequest: { 'cpu': q(d.cpuRequest), 'memory': q(d.memoryRequest), 'ephemeral-storage': q(d.storageRequest) },
          default: { 'cpu': q(d.cpuLimit), 'memory': q(d.memoryLimit), 'ephemeral-storage': q(d.storageLimit) },
        }],
      },
    });

    this.defaultDeny = new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: meta('default-deny'),
      spec: {
        podSelector: {},
        policyTypes: ['Ingress', 'Egress'],
        egress: [dnsEgress()],
      },
    });

    const deployerName = `${this.name}-deployer`;
    this.deployer = new k8s.KubeServiceAccount(this, 'Deployer', { metadata: meta(deployerName) });
    this.deployerRole = new k8s.KubeRole(this, 'DeployerRole', {
      metadata: meta(deployerName),
      rules: TEAM_NAMESPACE.deployerRules.map(r => ({
        apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...TEAM_NAMESPACE.deployerVerbs],
      })),
    });
    this.deployerBinding = new k8s.KubeRoleBinding(this, 'DeployerBinding', {
      metadata: meta(deployerName),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: deployerName },
      subjects: [{ kind: 'ServiceAccount', name: deployerName, namespace: this.name }],
    });

    // Quota and Pod Security are checked against every object the App declares in
    // this namespace, at synth, when all of them exist.
    this.node.addValidation({ validate: () => this.checkWorkloads(props) });
  }

  private checkWorkloads(props: TeamNamespaceProps): string[] {
    const errors: string[] = [];
    const objects: Array<{ path: string; json: any }> = [];
    for (const c of this.node.root.node.findAll()) {
      if (c instanceof ApiObject && !c.node.scopes.includes(this)) {
        const json = renderedOrUndefined(c);
        if (json?.metadata?.namespace === this.name) objects.push({ path: c.node.path, json });
      }
    }
    const rank = (l: string) => LEVELS.indexOf(l as Level);
    for (const o of objects) {
      const spec = podSpecOf(o.json);
      for (const need of podSecurityNeeds(spec)) {
        if (rank(need.level) > rank(this.podSecurity)) {
          errors.push(`[${o.path}] ${o.json.kind} "${o.json.metadata.name}" needs Pod Security level "${need.level}" (${need.reason}) `
            + `but namespace "${this.name}" enforces "${this.podSecurity}": move it to a namespace with podSecurity: PodSecurityLevel.${need.level.toUpperCase()}, or drop what needs it`);
        }
      }
    }
    const used = usage(objects.map(o => o.json), props.expectedNodes ?? TEAM_NAMESPACE.expectedNodes);
    const headroom = TEAM_NAMESPACE.quotaHeadroom;
    const derived = {
      cpu: `${Math.ceil(used.cpuMillis * headroom)}m`,
      memory: `${Math.ceil(used.memoryMi * headroom)}Mi`,
      cpuLimit: `${Math.ceil(used.cpuLimitMillis * headroom)}m`,
      memoryLimit: `${Math.ceil(used.memoryLimitMi * headroom)}Mi`,
      ephemeralStorage: `${Math.ceil(used.storageMi * headroom)}Mi`,
      pods: Math.ceil(used.pods * headroom),
      persistentVolumeClaims: Math.ceil(used.claims * headroom),
      storage: `${Math.ceil(used.claimMi * headroom)}Mi`,
    };
    const floor = TEAM_NAMESPACE.quotaFloor;
    const derivedLimits = {
      cpuLimit: maxQuantity(derived.cpuLimit, floor.cpuLimit),
      memoryLimit: maxQuantity(derived.memoryLimit, floor.memoryLimit),
    };
    const quota = props.quota ? { ...derivedLimits, ...props.quota } : {
      cpu: maxQuantity(derived.cpu, floor.cpu),
      memory: maxQuantity(derived.memory, floor.memory),
      ...derivedLimits,
      ephemeralStorage: maxQuantity(derived.ephemeralStorage, floor.ephemeralStorage),
      pods: Math.max(derived.pods, floor.pods),
      persistentVolumeClaims: Math.max(derived.persistentVolumeClaims, floor.persistentVolumeClaims),
      storage: maxQuantity(derived.storage, floor.storage),
    };
    if (props.quota) {
      const over = (what: string, need: number, have: number, shown: string) => {
        if (need > have) {
          errors.push(`[${this.node.path}] quota.${what} ${JSON.stringify(shown)} is smaller than the workloads declared in namespace "${this.name}" need `
            + `(${formatNeed(what, need)}): raise it, or leave ${what.endsWith('Limit') ? `quota.${what}` : 'quota'} out to size it from the workloads`);
        }
      };
      over('cpu', used.cpuMillis, cpuMillis(quota.cpu), quota.cpu);
      over('memory', used.memoryMi, mebibytes(quota.memory), quota.memory);
      over('cpuLimit', used.cpuLimitMillis, cpuMillis(quota.cpuLimit), quota.cpuLimit);
      over('memoryLimit', used.memoryLimitMi, mebibytes(quota.memoryLimit), quota.memoryLimit);
      over('ephemeralStorage', used.storageMi, mebibytes(quota.ephemeralStorage ?? floor.ephemeralStorage), quota.ephemeralStorage ?? floor.ephemeralStorage);
      over('pods', used.pods, quota.pods ?? floor.pods, String(quota.pods ?? floor.pods));
      over('persistentVolumeClaims', used.claims, quota.persistentVolumeClaims ?? floor.persistentVolumeClaims, String(quota.persistentVolumeClaims ?? floor.persistentVolumeClaims));
      over('storage', used.claimMi, mebibytes(quota.storage ?? floor.storage), quota.storage ?? floor.storage);
    }
    const q = (v: string) => k8s.Quantity.fromString(v);
    const n = (v: number) => k8s.Quantity.fromNumber(v);
    for (const key of Object.keys(this.hard)) delete this.hard[key];
    Object.assign(this.hard, {
      'requests.cpu': q(quota.cpu),
      'limits.cpu': q(quota.cpuLimit),
      'requests.memory': q(quota.memory),
      'limits.memory': q(quota.memoryLimit),
      'requests.ephemeral-storage': q(quota.ephemeralStorage ?? floor.ephemeralStorage),
      'limits.ephemeral-storage': q(scaleMi(quota.ephemeralStorage ?? floor.ephemeralStorage, TEAM_NAMESPACE.storageLimitRatio)),
      'pods': n(quota.pods ?? floor.pods),
      'persistentvolumeclaims': n(quota.persistentVolumeClaims ?? floor.persistentVolumeClaims),
      'requests.storage': q(quota.storage ?? floor.storage),
    });
    return errors;
  }
}

interface Usage {
  cpuMillis: number;
  memoryMi: number;
  cpuLimitMillis: number;
  memoryLimitMi: number;
  storageMi: number;
  pods: number;
  claims: number;
  claimMi: number;
}

/**
 * Requests and limits of everything declared, at the most replicas it can run (HPA maximum). A container
 * without a limit gets the LimitRange's default at admission, and the quota counts that.
 */
function usage(objects: any[], expectedNodes: number): Usage {
  const hpaMax = new Map<string, number>();
  for (const o of objects) {
    if (o.kind === 'HorizontalPodAutoscaler') hpaMax.set(`${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`, o.spec.maxReplicas);
  }
  const u: Usage = { cpuMillis: 0, memoryMi: 0, cpuLimitMillis: 0, memoryLimitMi: 0, storageMi: 0, pods: 0, claims: 0, claimMi: 0 };
  const d = TEAM_NAMESPACE.containerDefaults;
  for (const o of objects) {
    if (o.kind === 'PersistentVolumeClaim') {
      // a claim of its own (a StatefulStore restore's fresh volume)
      u.claims += 1;
      u.claimMi += mebibytes(o.spec?.resources?.requests?.storage ?? '0');
      continue;
    }
    const spec = podSpecOf(o);
    if (!spec) continue;
    const replicas = o.kind === 'DaemonSet' ? expectedNodes
      : hpaMax.get(`${o.kind}/${o.metadata.name}`) ?? (o.kind === 'Pod' || o.kind === 'Job' || o.kind === 'CronJob' ? 1 : o.spec.replicas ?? 1);
    for (const c of spec.containers ?? []) {
      const r = c.resources?.requests ?? {};
      u.cpuMillis += cpuMillis(r.cpu ?? '0') * replicas;
      u.memoryMi += mebibytes(r.memory ?? '0') * replicas;
      const l = c.resources?.limits ?? {};
      u.cpuLimitMillis += cpuMillis(l.cpu ?? d.cpuLimit) * replicas;
      u.memoryLimitMi += mebibytes(l.memory ?? d.memoryLimit) * replicas;
      u.storageMi += mebibytes(r['ephemeral-storage'] ?? '0') * replicas;
    }
    u.pods += replicas;
    for (const t of o.spec?.volumeClaimTemplates ?? []) {
      u.claims += replicas;
      u.claimMi += mebibytes(t.spec?.resources?.requests?.storage ?? '0') * replicas;
    }
  }
  return u;
}

function maxQuantity(a: string, b: string): string {
  const isCpu = a.endsWith('m') || b.endsWith('m');
  return (isCpu ? cpuMillis(a) >= cpuMillis(b) : mebibytes(a) >= mebibytes(b)) ? a : b;
}

function scaleMi(v: string, factor: number): string {
  return `${Math.ceil(mebibytes(v) * factor)}Mi`;
}

function formatNeed(what: string, need: number): string {
  if (what === 'cpu') return `${need}m of CPU requests`;
  if (what === 'cpuLimit') return `${need}m of CPU limits`;
  if (what === 'memoryLimit') return `${Math.ceil(need)}Mi of memory limits`;
  if (what === 'pods' || what === 'persistentVolumeClaims') return `${need}`;
  return `${Math.ceil(need)}Mi`;
}
