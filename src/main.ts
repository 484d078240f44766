import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { synthesizeOrExit, WebApp } from './index';

/** The reference app: an online shop. `npm run synth` writes it to dist/. */
export class ShopChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'shop' });

    new WebApp(this, 'storefront', {
      image: 'ghcr.io/acme/storefront:1.4.2',
      port: 8080,
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      ingress: { host: 'shop.example.com', className: 'nginx', tlsSecretName: 'shop-example-com-tls' },
      metrics: { port: 9090 },
    });
  }
}

/** Builds the reference app; exported for tests. */
export function buildApp(outdir?: string): App {
  const app = new App({ outdir });
  new ShopChart(app, 'shop');
  return app;
}

if (require.main === module) {
  synthesizeOrExit(buildApp());
}
