import { DNS, NOT_INTERNET } from './defaults';
import * as k8s from './k8s';

/** Egress to cluster DNS, which every pod needs. */
export function dnsEgress(): k8s.NetworkPolicyEgressRule {
  return {
    to: [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': DNS.namespace } },
      podSelector: { matchLabels: { ...DNS.podLabels } },
    }],
    ports: [
      { protocol: 'UDP', port: k8s.IntOrString.fromNumber(DNS.port) },
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(DNS.port) },
    ],
  };
}

/** Egress to public addresses; private, link-local (cloud metadata), CGNAT and loopback ranges stay closed. */
export function internetEgress(): k8s.NetworkPolicyEgressRule {
  return {
    to: [
      { ipBlock: { cidr: '0.0.0.0/0', except: [...NOT_INTERNET.ipv4] } },
      { ipBlock: { cidr: '::/0', except: [...NOT_INTERNET.ipv6] } },
    ],
  };
}
