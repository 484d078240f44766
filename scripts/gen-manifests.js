// Writes about MB megabytes of compliant manifests (a Deployment, a Service and
// a ConfigMap per app) into DIR, ~5 MB per file, for scripts/check-scale.sh.
// usage: node scripts/gen-manifests.js DIR MB
'use strict';
const fs = require('fs');

const [dir, mb] = [process.argv[2], Number(process.argv[3])];
const app = i => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web-${i}, namespace: ns-${i % 50} }
spec:
  replicas: 2
  selector: { matchLabels: { app: web-${i} } }
  template:
    metadata: { labels: { app: web-${i} } }
    spec:
      securityContext: { runAsNonRoot: true }
      containers:
        - name: main
          image: ghcr.io/acme/web:1.4.${i}
          ports: [{ containerPort: 8080 }]
          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { cpu: 500m, memory: 256Mi } }
          readinessProbe: { httpGet: { path: /healthz, port: 8080 } }
          livenessProbe: { tcpSocket: { port: 8080 } }
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: [ALL] } }
---
apiVersion: v1
kind: Service
metadata: { name: web-${i}, namespace: ns-${i % 50} }
spec: { selector: { app: web-${i} }, ports: [{ port: 80, targetPort: 8080 }] }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-${i}, namespace: ns-${i % 50} }
data: { MODE: production, LEVEL: info, NOTE: "${'x'.repeat(200)}" }
---
`;

const target = mb * 1024 * 1024;
let i = 0;
for (let file = 0, written = 0; written < target; file++) {
  const parts = [];
  for (let size = 0; size < 5 * 1024 * 1024 && written < target;) {
    const text = app(i++);
    parts.push(text);
    size += text.length;
    written += text.length;
  }
  fs.writeFileSync(`${dir}/part-${String(file).padStart(3, '0')}.yaml`, parts.join(''));
}
