import { ManifestObject } from './load';
import { Selector, podTemplateOf, selectorIsEmpty, selectorMatches } from '../policy/context';

// `cdk8s-patterns graph DIR`: namespaces, workloads, Services, Ingresses and
// routes, volume claims, and who may talk to whom as the NetworkPolicies say.
// One model, two renderings (Mermaid, Graphviz DOT).

/** A box in the picture. */
export interface GraphNode {
  readonly id: string;
  /** Namespace, or "" for peers outside the manifests (drawn outside every namespace). */
  readonly namespace: string;
  readonly kind: 'workload' | 'service' | 'route' | 'volume' | 'external' | 'note';
  readonly label: string;
}

/** An arrow: a route, a selection, a mount, or allowed (or denied) traffic. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** traffic: allowed by the NetworkPolicies; denied: one side allows it, the other's policy blocks it. */
  readonly style: 'link' | 'traffic' | 'denied';
}

/** The topology of one set of manifests. */
export interface Topology {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

interface Pods { readonly node: string; readonly namespace: string; readonly labels: { [k: string]: string } }
interface Rule { readonly peers: any[] | undefined; readonly ports: any[] | undefined }
interface Policy {
  readonly namespace: string;
  readonly selector: Selector;
  /** Rules of each direction the policy isolates; undefined when it leaves that direction alone. */
  readonly ingress?: Rule[];
  readonly egress?: Rule[];
}

/** Builds the topology; `namespace` keeps that namespace and what it connects to. */
export function topology(objects: ManifestObject[], namespace?: string): Topology {
  const objs = objects.map(o => o.obj);
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const add = (n: GraphNode) => (nodes.has(n.id) ? nodes.get(n.id)! : (nodes.set(n.id, n), n));
  const nsOf = (o: any) => o.metadata?.namespace ?? '';
  const idOf = (kind: string, ns: string, name: string) => `${kind}/${ns}/${name}`;

  const pods: Pods[] = [];
  for (const o of objs) {
    const t = podTemplateOf(o);
    if (!t) continue;
    const id = idOf(o.kind, nsOf(o), o.metadata.name);
    add({ id, namespace: nsOf(o), kind: 'workload', label: `${o.kind} ${o.metadata.name}` });
    pods.push({ node: id, namespace: nsOf(o), labels: t.metadata?.labels ?? {} });
    for (const v of t.spec?.volumes ?? []) {
      const claim = v.persistentVolumeClaim?.claimName;
      if (claim) edges.push({ from: id, to: add({ id: idOf('PersistentVolumeClaim', nsOf(o), claim), namespace: nsOf(o), kind: 'volume', label: `PVC ${claim}` }).id, label: `mounts ${v.name}`, style: 'link' });
    }
    for (const vct of o.kind === 'StatefulSet' ? o.spec?.volumeClaimTemplates ?? [] : []) {
      const size = vct.spec?.resources?.requests?.storage;
      const claims = add({ id: idOf('VolumeClaimTemplate', nsOf(o), `${o.metadata.name}-${vct.metadata?.name}`), namespace: nsOf(o), kind: 'volume', label: `claims ${vct.metadata?.name}-${o.metadata.name}-N${size ? ` (${size} each)` : ''}` });
      edges.push({ from: id, to: claims.id, label: `x${o.spec?.replicas ?? 1}`, style: 'link' });
    }
  }
  for (const o of objs.filter(x => x.kind === 'PersistentVolumeClaim')) {
    add({ id: idOf('PersistentVolumeClaim', nsOf(o), o.metadata.name), namespace: nsOf(o), kind: 'volume', label: `PVC ${o.metadata.name}` });
  }
  for (const s of objs.filter(x => x.kind === 'Service')) {
    const id = add({ id: idOf('Service', nsOf(s), s.metadata.name), namespace: nsOf(s), kind: 'service', label: `Service ${s.metadata.name}` }).id;
    const selector = s.spec?.selector;
    if (!selector || Object.keys(selector).length === 0) continue;
    for (const p of pods) if (p.namespace === nsOf(s) && selectorMatches({ matchLabels: selector }, p.labels)) edges.push({ from: id, to: p.node, label: '', style: 'link' });
  }
  for (const r of objs.filter(x => x.kind === 'Ingress' || /Route$/.test(x.kind))) {
    const id = add({ id: idOf(r.kind, nsOf(r), r.metadata.name), namespace: nsOf(r), kind: 'route', label: `${r.kind} ${r.metadata.name}` }).id;
    for (const b of backendsOf(r)) {
      const target = idOf('Service', b.namespace ?? nsOf(r), b.name);
      if (!nodes.has(target)) add({ id: target, namespace: b.namespace ?? nsOf(r), kind: 'service', label: `Service ${b.name} (not in manifests)` });
      edges.push({ from: id, to: target, label: b.label, style: 'link' });
    }
  }

  edges.push(...trafficEdges(objs, pods, nodes, add));
  return filtered({ nodes: [...nodes.values()], edges: dedupe(edges) }, namespace);
}

function backendsOf(route: any): Array<{ name: string; namespace?: string; label: string }> {
  const out: Array<{ name: string; namespace?: string; label: string }> = [];
  if (route.kind === 'Ingress') {
    const svc = (b: any, where: string) => b?.service?.name && out.push({ name: b.service.name, label: where });
    svc(route.spec?.defaultBackend, 'default');
    for (const rule of route.spec?.rules ?? []) {
      for (const p of rule.http?.paths ?? []) svc(p.backend, `${rule.host ?? '*'}${p.path ?? '/'}`);
    }
    return out;
  }
  for (const rule of route.spec?.rules ?? []) {
    for (const b of rule.backendRefs ?? []) {
      if ((b.kind ?? 'Service') === 'Service') out.push({ name: b.name, namespace: b.namespace, label: b.weight !== undefined ? `weight ${b.weight}` : '' });
    }
  }
  return out;
}

/** Allowed and denied traffic between the workloads, and to peers outside the manifests. */
function trafficEdges(objs: any[], pods: Pods[], nodes: Map<string, GraphNode>, add: (n: GraphNode) => GraphNode): GraphEdge[] {
  const nsLabels = new Map<string, { [k: string]: string }>();
  for (const n of objs.filter(o => o.kind === 'Namespace')) nsLabels.set(n.metadata.name, { ...n.metadata.labels, 'kubernetes.io/metadata.name': n.metadata.name });
  for (const p of pods) if (!nsLabels.has(p.namespace)) nsLabels.set(p.namespace, { 'kubernetes.io/metadata.name': p.namespace });
  const policies: Policy[] = objs.filter(o => o.kind === 'NetworkPolicy').map(o => {
    const types: string[] = o.spec?.policyTypes ?? (o.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    const rules = (list: any[] | undefined, peer: string) => (list ?? []).map(r => ({ peers: r[peer], ports: r.ports }));
    return {
      namespace: o.metadata?.namespace ?? '',
      name: o.metadata.name,
      selector: o.spec?.podSelector ?? {},
      ingress: types.includes('Ingress') ? rules(o.spec?.ingress, 'from') : undefined,
      egress: types.includes('Egress') ? rules(o.spec?.egress, 'to') : undefined,
    };
  });
  // which policies isolate each workload, worked out once: the pair loop below is quadratic
  const isolating = new Map(pods.map(p => [p, {
    ingress: policies.filter(pol => pol.ingress && pol.namespace === p.namespace && selectorMatches(pol.selector, p.labels)),
    egress: policies.filter(pol => pol.egress && pol.namespace === p.namespace && selectorMatches(pol.selector, p.labels)),
  }]));
  const applying = (p: Pods, dir: 'ingress' | 'egress') => isolating.get(p)![dir];
  const peerMatches = (peer: any, pol: Policy, p: Pods) => {
    if (peer.ipBlock) return false;
    const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, nsLabels.get(p.namespace)) : p.namespace === pol.namespace;
    return nsOk && (!peer.podSelector || selectorMatches(peer.podSelector, p.labels));
  };
  const specific = (peer: any) => peer.podSelector && !selectorIsEmpty(peer.podSelector);
  /** Ports the side of `self` allows to/from `other`: undefined when that side isolates and nothing matches. */
  const allows = (self: Pods, other: Pods, dir: 'ingress' | 'egress') => {
    const pols = applying(self, dir);
    if (pols.length === 0) return { ok: true, explicit: false, ports: [] as string[] };
    let ok = false;
    let explicit = false;
    const ports: string[] = [];
    for (const pol of pols) {
      for (const rule of pol[dir]!) {
        const hit = rule.peers === undefined || rule.peers.length === 0 || rule.peers.some(peer => peerMatches(peer, pol, other));
        if (!hit) continue;
        ok = true;
        explicit = explicit || (rule.peers ?? []).some(peer => specific(peer) && peerMatches(peer, pol, other));
        ports.push(...portsOf(rule.ports));
      }
    }
    return { ok, explicit, ports };
  };

  const edges: GraphEdge[] = [];
  for (const src of pods) {
    for (const dst of pods) {
      const out = allows(src, dst, 'egress');
      const into = allows(dst, src, 'ingress');
      if (!out.explicit && !into.explicit) continue;
      const ports = out.ok && into.ok ? commonPorts(into.ports, out.ports) : [];
      if (ports.length) {
        edges.push({ from: src.node, to: dst.node, label: portLabel(ports), style: 'traffic' });
      } else if (out.ok && into.ok) {
        edges.push({ from: src.node, to: dst.node, label: 'denied: no port both policies allow', style: 'denied' });
      } else {
        const by = !into.ok ? `ingress policy of ${nodes.get(dst.node)!.label}` : `egress policy of ${nodes.get(src.node)!.label}`;
        edges.push({ from: src.node, to: dst.node, label: `denied by ${by}`, style: 'denied' });
      }
    }
  }

  // peers outside the manifests (other namespaces, any namespace, IP blocks), as their own boxes
  for (const pol of policies) {
    for (const dir of ['ingress', 'egress'] as const) {
      for (const rule of pol[dir] ?? []) {
        for (const peer of rule.peers ?? [{ anywhere: true }]) {
          if (pods.some(p => peerMatches(peer, pol, p) && specific(peer))) continue;
          const ext = externalPeer(peer, pol);
          if (!ext) continue;
          const node = add({ id: `external/${ext}`, namespace: '', kind: 'external', label: ext });
          for (const p of pods.filter(x => x.namespace === pol.namespace && selectorMatches(pol.selector, x.labels))) {
            edges.push(dir === 'ingress'
              ? { from: node.id, to: p.node, label: portLabel(portsOf(rule.ports)), style: 'traffic' }
              : { from: p.node, to: node.id, label: portLabel(portsOf(rule.ports)), style: 'traffic' });
          }
        }
      }
    }
  }

  // default deny: a policy that selects every pod of the namespace for a direction
  for (const ns of [...new Set(policies.map(p => p.namespace))].sort()) {
    const dirs = (['ingress', 'egress'] as const).filter(dir => policies.some(p => p.namespace === ns && selectorIsEmpty(p.selector) && p[dir]));
    if (dirs.length) add({ id: `note/${ns}`, namespace: ns, kind: 'note', label: `default deny ${dirs.join(' and ')}: only the traffic drawn is allowed` });
  }
  return edges;
}

function externalPeer(peer: any, pol: Policy): string | undefined {
  if (peer.anywhere) return 'anywhere';
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`;
  const pods = peer.podSelector && !selectorIsEmpty(peer.podSelector) ? `pods ${selectorText(peer.podSelector)}` : 'any pod';
  if (!peer.namespaceSelector) return peer.podSelector && !selectorIsEmpty(peer.podSelector) ? undefined : `${pods} in ${pol.namespace}`;
  if (selectorIsEmpty(peer.namespaceSelector)) return `${pods} in any namespace`;
  const name = peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'];
  if (name && Object.keys(peer.namespaceSelector.matchLabels).length === 1 && !peer.namespaceSelector.matchExpressions) return `${pods} in ${name}`;
  return `${pods} in namespaces ${selectorText(peer.namespaceSelector)}`;
}

function selectorText(s: Selector): string {
  const terms = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of s.matchExpressions ?? []) terms.push(`${e.key} ${e.operator}${e.values ? ` (${e.values.join(', ')})` : ''}`);
  return terms.join(', ');
}

function portsOf(ports: any[] | undefined): string[] {
  if (!ports || ports.length === 0) return ['all ports'];
  return ports.map(p => `${p.protocol ?? 'TCP'} ${p.port ?? 'any'}${p.endPort ? `-${p.endPort}` : ''}`);
}

/** "TCP 8080", "TCP 8000-9000" or "TCP any" as a protocol and a number range; undefined for a named port. */
function portRange(port: string): { protocol: string; from: number; to: number } | undefined {
  const m = /^(\S+) (?:(\d+)(?:-(\d+))?|any)$/.exec(port);
  if (!m) return undefined;
  return m[2] === undefined ? { protocol: m[1], from: 1, to: 65535 } : { protocol: m[1], from: Number(m[2]), to: Number(m[3] ?? m[2]) };
}

/**
 * Ports both sides allow (a side with no policy, or "all ports", allows the other's): each of the receiving side's
 * ports that a sending side's port covers, or the part they share; none when none is shared. With a named port the
 * numbers are not known here: the receiving side's ports.
 */
function commonPorts(into: string[], out: string[]): string[] {
  if (!out.length || out.includes('all ports')) return into.length ? into : out;
  if (!into.length || into.includes('all ports')) return out;
  const ranges = (ports: string[]) => ports.map(portRange);
  const [i, o] = [ranges(into), ranges(out)];
  if ([...i, ...o].some(r => r === undefined)) return into;
  const both: string[] = [];
  for (const [n, a] of i.entries()) {
    for (const b of o) {
      const from = Math.max(a!.from, b!.from);
      const to = Math.min(a!.to, b!.to);
      if (a!.protocol !== b!.protocol || from > to) continue;
      both.push(from === a!.from && to === a!.to ? into[n] : `${a!.protocol} ${from === to ? from : `${from}-${to}`}`);
    }
  }
  return both;
}

function portLabel(ports: string[]): string {
  return [...new Set(ports)].join(', ');
}

function dedupe(edges: GraphEdge[]): GraphEdge[] {
  const seen = new Set<string>();
  return edges.filter(e => {
    const k = `${e.from}>${e.to}>${e.style}>${e.label}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function filtered(t: Topology, namespace: string | undefined): Topology {
  if (namespace === undefined) return t;
  const inside = new Set(t.nodes.filter(n => n.namespace === namespace).map(n => n.id));
  const edges = t.edges.filter(e => inside.has(e.from) || inside.has(e.to));
  const keep = new Set([...inside, ...edges.flatMap(e => [e.from, e.to])]);
  return { nodes: t.nodes.filter(n => keep.has(n.id)), edges };
}
