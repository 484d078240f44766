// The Kubernetes 1.28 L1 classes (KubeDeployment, …) with cdk8s-plus-28's own
// types, so the objects this library exposes (WebApp.deployment, …) have the
// types cdk8s-plus-28 users know. The code is k8s.js beside this file: the part
// of cdk8s-plus-28's lib/imports/k8s.js that src/ uses, made by scripts/gen-k8s.ts.
export * from 'cdk8s-plus-28/lib/imports/k8s';
