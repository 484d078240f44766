import { containersOf, podTemplateOf, podTemplatePath } from './context';
import { problem } from './rules/util';
import { isKnownKind } from './schema';
import { cidrProblem } from '../private/facts/cidr';
import { cronProblem, timeZoneProblem } from '../private/facts/cron';
import { INT32_MAX } from '../private/facts/int32';
import { ANNOTATIONS_MAX_BYTES, keyProblem, labelValueProblem, stringMapBytes } from '../private/facts/labels';
import { CONFIG_MAP_MAX_BYTES, configKeyProblem, envNameProblem, hostNameProblem, nameProblem, nameRuleOf } from '../private/facts/names';
import { isQuantity, parseQuantity } from '../private/facts/quantity';

// What the Kubernetes API server's own validation (k8s.io/kubernetes
// pkg/apis/*/validation) refuses beyond the schema's types and formats:
// names per kind, label and annotation keys, values and sizes, environment
// variable names, quantities and requests above limits, enums, duplicate
// ports and mount paths, ConfigMap keys and sizes, cron schedules, time
// zones and CIDRs. Run at synth on every object (the built-in check
// "kubernetes") and by the check command; not suppressible, since the API
// server would refuse the object whatever a suppression says.

type Found = (field: string, value: unknown, what: string, fix: string) => void;

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const OPERATORS = ['Exists', 'Equal'];
const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
// the fieldRef paths a container's env may read (k8s.io/kubernetes validEnvDownwardAPIFieldPathExpressions)
const FIELD_PATHS = /^(metadata\.(name|namespace|uid)|metadata\.(labels|annotations)\['[^']+'\]|spec\.(nodeName|serviceAccountName)|status\.(hostIPs?|podIPs?))$/;

/** Every problem the API server would report for `obj`, each `<field> <value> <problem>: <fix>`. */
export function apiServerProblems(obj: any): string[] {
  const out: string[] = [];
  const found: Found = (field, value, what, fix) => out.push(problem(field, value, what, fix));
  metadataProblems(obj.kind, obj.metadata, 'metadata', found, true);
  // the strict schema of a Kubernetes kind refuses a string that is no quantity; a CRD's may not look (an Argo Rollout's resources)
  const schemaChecksQuantities = isKnownKind(String(obj.apiVersion), String(obj.kind));
  const pod = podTemplateOf(obj);
  if (pod) {
    const where = obj.kind === 'Pod' ? '' : `${podTemplatePath(obj.kind)!.join('.')}.`;
    if (obj.kind !== 'Pod') metadataProblems('Pod', pod.metadata, `${where}metadata`, found, false);
    podSpecProblems(pod.spec ?? {}, `${where}spec`, found, schemaChecksQuantities);
  }
  switch (obj.kind) {
    case 'Service': serviceProblems(obj.spec ?? {}, found); break;
    case 'ConfigMap':
    case 'Secret': configMapProblems(obj, found); break;
    case 'Ingress': ingressProblems(obj.spec ?? {}, found); break;
    case 'CronJob': cronJobProblems(obj.spec ?? {}, found); break;
    case 'NetworkPolicy': networkPolicyProblems(obj.spec ?? {}, found); break;
    case 'ResourceQuota': quantities(obj.spec?.hard, 'spec.hard', found, schemaChecksQuantities); break;
    case 'PersistentVolumeClaim': storageClassProblem(obj.spec?.storageClassName, 'spec.storageClassName', found); break;
    case 'StatefulSet':
      (obj.spec?.volumeClaimTemplates ?? []).forEach((t: any, i: number) =>
        storageClassProblem(t?.spec?.storageClassName, `spec.volumeClaimTemplates[${i}].spec.storageClassName`, found));
      break;
  }
  return out;
}

function metadataProblems(kind: string, meta: any, at: string, found: Found, named: boolean): void {
  if (!meta || typeof meta !== 'object') return;
  if (named && typeof meta.name === 'string' && meta.name !== '') {
    const { rule, max } = nameRuleOf(kind);
    const why = nameProblem(meta.name, rule, max);
    if (why) found(`${at}.name`, meta.name, `of a ${kind} ${why.problem}`, why.fix);
  }
  if (named && typeof meta.namespace === 'string') {
    const why = nameProblem(meta.namespace, 'dns-1123-label');
    if (why) found(`${at}.namespace`, meta.namespace, why.problem, why.fix);
  }
  labelProblems(meta.labels, `${at}.labels`, found);
  if (meta.annotations && typeof meta.annotations === 'object') {
    for (const key of Object.keys(meta.annotations)) {
      const why = qualifiedKeyProblem(key);
      if (why) found(`${at}.annotations`, key, `key ${why.problem}`, why.fix);
    }
    const bytes = stringMapBytes(meta.annotations);
    if (bytes > ANNOTATIONS_MAX_BYTES) {
      found(`${at}.annotations`, undefined, `take ${bytes} bytes, over the ${ANNOTATIONS_MAX_BYTES} (256 KiB) an object may carry`,
        'move large content into a ConfigMap and keep annotations short');
    }
  }
}

function labelProblems(labels: any, at: string, found: Found): void {
  if (!labels || typeof labels !== 'object') return;
  for (const [key, value] of Object.entries<unknown>(labels)) {
    const why = qualifiedKeyProblem(key);
    if (why) found(at, key, `key ${why.problem}`, why.fix);
    if (typeof value === 'string') {
      const bad = labelValueProblem(value);
      if (bad) found(`${at}["${key}"]`, value, bad.problem, bad.fix);
    }
  }
}

/**
 * Label and annotation keys found valid so far. Every object of an app
 * carries the same few dozen keys (app.kubernetes.io/*, the scanners'
 * exemptions, the sync wave), so each is checked once, not once per object.
 * Bounded, so it never grows with the input.
 */
const VALID_KEYS = new Set<string>();
const VALID_KEYS_MAX = 10_000;

function qualifiedKeyProblem(key: string): ReturnType<typeof keyProblem> {
  if (VALID_KEYS.has(key)) return undefined;
  const why = keyProblem(key);
  if (!why && VALID_KEYS.size < VALID_KEYS_MAX) VALID_KEYS.add(key);
  return why;
}

function podSpecProblems(spec: any, at: string, found: Found, schemaChecksQuantities: boolean): void {
  labelProblems(spec.nodeSelector, `${at}.nodeSelector`, found);
  if (typeof spec.priorityClassName === 'string') {
    const why = nameProblem(spec.priorityClassName, 'dns-1123-subdomain');
    if (why) found(`${at}.priorityClassName`, spec.priorityClassName, why.problem, why.fix);
  }
  (spec.tolerations ?? []).forEach((t: any, i: number) => tolerationProblems(t ?? {}, `${at}.tolerations[${i}]`, found));
  securityIds(spec.securityContext, `${at}.securityContext`, found);
  const volumes = new Set<string>();
  for (const v of spec.volumes ?? []) {
    if (volumes.has(v?.name)) found(`${at}.volumes`, v.name, 'is declared twice', 'give each volume its own name');
    volumes.add(v?.name);
  }
  const ports = new Map<string, string>();
  for (const { container, where } of containersOf(spec)) {
    const c = `${at}.${where}`;
    if (container.imagePullPolicy !== undefined && !PULL_POLICIES.includes(container.imagePullPolicy)) {
      found(`${c}.imagePullPolicy`, container.imagePullPolicy, 'is not a pull policy', `use one of ${PULL_POLICIES.join(', ')}`);
    }
    envProblems(container, c, found);
    resourceProblems(container.resources, `${c}.resources`, found, schemaChecksQuantities);
    securityIds(container.securityContext, `${c}.securityContext`, found);
    const mounts = new Set<string>();
    for (const m of container.volumeMounts ?? []) {
      if (typeof m?.mountPath !== 'string') continue;
      const path = m.mountPath.replace(/\/+$/, '') || '/';
      if (mounts.has(path)) {
        found(`${c}.volumeMounts`, m.mountPath, 'is mounted twice', 'give each volume its own mount path (a configMountPath must not be /tmp, the scratch volume, or a data path)');
      }
      mounts.add(path);
    }
    for (const p of container.ports ?? []) {
      const key = `${p?.containerPort}/${p?.protocol ?? 'TCP'}`;
      if (ports.has(key)) found(`${c}.ports`, p.containerPort, `is declared twice (also by ${ports.get(key)})`, 'give each port its own number');
      else ports.set(key, where);
    }
  }
}

function tolerationProblems(t: any, at: string, found: Found): void {
  if (t.effect !== undefined && t.effect !== '' && !EFFECTS.includes(t.effect)) {
    found(`${at}.effect`, t.effect, 'is not a taint effect', `use one of ${EFFECTS.join(', ')}`);
  }
  if (t.operator !== undefined && !OPERATORS.includes(t.operator)) {
    found(`${at}.operator`, t.operator, 'is not a toleration operator', `use one of ${OPERATORS.join(', ')}`);
  }
  if ((t.key === undefined || t.key === '') && t.operator !== 'Exists') {
    found(`${at}.key`, t.key ?? '', 'is empty while the operator is not Exists', 'give the taint key, or use operator Exists to tolerate every taint');
  }
  if (t.operator === 'Exists' && t.value) found(`${at}.value`, t.value, 'is set with operator Exists', 'remove the value, or use operator Equal');
  if (typeof t.key === 'string' && t.key !== '') {
    const why = keyProblem(t.key);
    if (why) found(`${at}.key`, t.key, why.problem, why.fix);
  }
  if (typeof t.value === 'string') {
    const why = labelValueProblem(t.value);
    if (why) found(`${at}.value`, t.value, why.problem, why.fix);
  }
}

function securityIds(sc: any, at: string, found: Found): void {
  for (const field of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    const v = sc?.[field];
    if (typeof v === 'number' && (!Number.isInteger(v) || v < 0 || v > INT32_MAX)) {
      found(`${at}.${field}`, v, `is not a user or group id from 0 to ${INT32_MAX}`, 'use an id such as 10001');
    }
  }
}

function envProblems(container: any, at: string, found: Found): void {
  for (const e of container.env ?? []) {
    if (typeof e?.name !== 'string') continue;
    const why = envNameProblem(e.name);
    if (why) found(`${at}.env`, e.name, why.problem, why.fix);
    const field = e.valueFrom?.fieldRef?.fieldPath;
    if (typeof field === 'string' && !FIELD_PATHS.test(field)) {
      found(`${at}.env[${e.name}].valueFrom.fieldRef.fieldPath`, field, 'is not a pod field the API server can expose',
        'use metadata.name, metadata.namespace, metadata.uid, metadata.labels[\'<key>\'], metadata.annotations[\'<key>\'], spec.nodeName, spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP or status.podIPs');
    }
    for (const ref of [e.valueFrom?.secretKeyRef, e.valueFrom?.configMapKeyRef]) {
      if (!ref) continue;
      const bad = typeof ref.name === 'string' ? nameProblem(ref.name, 'dns-1123-subdomain') : undefined;
      if (bad) found(`${at}.env[${e.name}].valueFrom.name`, ref.name, bad.problem, bad.fix);
      const key = typeof ref.key === 'string' ? configKeyProblem(ref.key) : undefined;
      if (key) found(`${at}.env[${e.name}].valueFrom.key`, ref.key, key.problem, key.fix);
    }
  }
  (container.envFrom ?? []).forEach((f: any, i: number) => {
    const ref = f?.configMapRef ?? f?.secretRef;
    const bad = typeof ref?.name === 'string' ? nameProblem(ref.name, 'dns-1123-subdomain') : undefined;
    if (bad) found(`${at}.envFrom[${i}]`, ref.name, `names no valid ${f.configMapRef ? 'ConfigMap' : 'Secret'}: it ${bad.problem}`, bad.fix);
    if (typeof f?.prefix === 'string' && f.prefix !== '' && envNameProblem(f.prefix)) {
      found(`${at}.envFrom[${i}].prefix`, f.prefix, 'is not a valid environment variable prefix', 'use letters, digits and "_", such as "APP_"');
    }
  });
}

function resourceProblems(resources: any, at: string, found: Found, schemaChecksQuantities: boolean): void {
  if (!resources) return;
  quantities(resources.requests, `${at}.requests`, found, schemaChecksQuantities);
  quantities(resources.limits, `${at}.limits`, found, schemaChecksQuantities);
  for (const [name, request] of Object.entries<unknown>(resources.requests ?? {})) {
    const limit = resources.limits?.[name];
    if (limit === undefined) continue;
    const r = parseQuantity(request as string);
    const l = parseQuantity(limit as string);
    // a side that is no quantity, or a negative one, is reported on its own
    if (!(r >= 0 && l >= 0)) continue;
    if (r > l) {
      found(`${at}.requests.${name}`, request, `is above the limit ${JSON.stringify(limit)}`,
        `raise the ${name} limit to at least ${JSON.stringify(request)} or lower the request (a request above the default limit needs the limit set too)`);
    }
  }
}

function quantities(map: any, at: string, found: Found, schemaChecksQuantities: boolean): void {
  if (!map || typeof map !== 'object') return;
  for (const [name, v] of Object.entries<unknown>(map)) {
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || v < 0) found(`${at}.${name}`, v, 'is not a non-negative quantity', 'give a quantity such as "500m" or "256Mi"');
      continue;
    }
    if (typeof v !== 'string') continue;
    if (!isQuantity(v)) {
      if (!schemaChecksQuantities) found(`${at}.${name}`, v, 'is not a Kubernetes quantity', 'give a quantity such as "500m" (CPU), "256Mi" (memory) or "10" (a count)');
    } else if (parseQuantity(v) < 0) {
      found(`${at}.${name}`, v, 'is negative', 'give a quantity of 0 or more');
    } else if (at.endsWith('.limits') && parseQuantity(v) === 0 && (name === 'memory' || name === 'cpu')) {
      found(`${at}.${name}`, v, 'is a zero limit: no container can start under it', `give a real limit such as "${name === 'cpu' ? '500m' : '256Mi'}"`);
    }
  }
}

function serviceProblems(spec: any, found: Found): void {
  if (spec.type !== undefined && !SERVICE_TYPES.includes(spec.type)) {
    found('spec.type', spec.type, 'is not a Service type', `use one of ${SERVICE_TYPES.join(', ')}`);
  }
  const byPort = new Map<string, string>();
  const byName = new Set<string>();
  for (const p of spec.ports ?? []) {
    if (p?.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) found('spec.ports.protocol', p.protocol, 'is not a protocol', `use one of ${PROTOCOLS.join(', ')}`);
    const key = `${p?.port}/${p?.protocol ?? 'TCP'}`;
    if (byPort.has(key)) {
      found('spec.ports', p.port, `is used by both port "${byPort.get(key)}" and "${p.name}"`, 'give each Service port its own number (metrics.port must differ from servicePort)');
    }
    byPort.set(key, p?.name);
    if (typeof p?.name === 'string') {
      if (byName.has(p.name)) found('spec.ports', p.name, 'is a port name used twice', 'give each Service port its own name');
      byName.add(p.name);
    }
  }
  labelProblems(spec.selector, 'spec.selector', found);
}

function configMapProblems(obj: any, found: Found): void {
  let bytes = 0;
  for (const field of ['data', 'binaryData', 'stringData']) {
    const map = obj[field] ?? {};
    for (const key of Object.keys(map)) {
      const why = configKeyProblem(key);
      if (why) found(field, key, `key ${why.problem}`, why.fix);
    }
    bytes += stringMapBytes(map);
  }
  if (obj.kind === 'ConfigMap' && bytes > CONFIG_MAP_MAX_BYTES) {
    found('data', undefined, `holds ${bytes} bytes, over the ${CONFIG_MAP_MAX_BYTES} (1 MiB) a ConfigMap may hold`, 'keep large files in the image or a volume, not in a ConfigMap');
  }
}

function ingressProblems(spec: any, found: Found): void {
  (spec.rules ?? []).forEach((rule: any, i: number) => {
    if (typeof rule?.host === 'string') hostProblem(rule.host, `spec.rules[${i}].host`, found);
    (rule?.http?.paths ?? []).forEach((p: any, j: number) => {
      if (typeof p?.path === 'string' && p.pathType !== 'ImplementationSpecific' && !p.path.startsWith('/')) {
        found(`spec.rules[${i}].http.paths[${j}].path`, p.path, 'does not start with "/"', `write it as "/${p.path}"`);
      }
    });
  });
  (spec.tls ?? []).forEach((t: any, i: number) => (t?.hosts ?? []).forEach((h: unknown) => {
    if (typeof h === 'string') hostProblem(h, `spec.tls[${i}].hosts`, found);
  }));
}

function hostProblem(host: string, at: string, found: Found): void {
  const why = hostNameProblem(host);
  if (why) found(at, host, why.problem, why.fix);
}

function cronJobProblems(spec: any, found: Found): void {
  if (typeof spec.schedule === 'string') {
    const why = cronProblem(spec.schedule);
    if (why) found('spec.schedule', spec.schedule, why.problem, why.fix);
  }
  if (typeof spec.timeZone === 'string') {
    const why = timeZoneProblem(spec.timeZone);
    if (why) found('spec.timeZone', spec.timeZone, why.problem, why.fix);
  }
}

function networkPolicyProblems(spec: any, found: Found): void {
  const blocks = (rules: any[] | undefined, dir: string, peer: string) => (rules ?? []).forEach((r: any, i: number) =>
    (r?.[peer] ?? []).forEach((p: any, j: number) => {
      const at = `spec.${dir}[${i}].${peer}[${j}].ipBlock`;
      for (const c of [p?.ipBlock?.cidr, ...(p?.ipBlock?.except ?? [])]) {
        if (typeof c !== 'string') continue;
        const why = cidrProblem(c);
        if (why) found(at, c, why.problem, why.fix);
      }
    }));
  blocks(spec.ingress, 'ingress', 'from');
  blocks(spec.egress, 'egress', 'to');
}

function storageClassProblem(name: unknown, at: string, found: Found): void {
  if (typeof name !== 'string' || name === '') return;
  const why = nameProblem(name, 'dns-1123-subdomain');
  if (why) found(at, name, why.problem, why.fix);
}
