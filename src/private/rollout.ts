import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { rollouts } from './crds';
import * as k8s from './k8s';
import type { RolloutProps, RolloutSpec } from '../../imports/rollout-argoproj.io';

// this module is itself loaded on first use (crds.ts), and takes the generated
// classes from there too, so the bundle holds none of imports/
const { Rollout, toJson_RolloutSpec } = rollouts();

/**
 * An Argo Rollouts `Rollout` whose pod template is the workloads' restricted
 * `k8s.PodTemplateSpec`. The generated Rollout converter reads the pod template
 * through its own CRD types, which disagree with the k8s ones (it passes
 * Quantities through as objects and drops plain int-or-string ports), so the
 * spec is rendered once with each type's own converter and then serialized
 * like any ApiObject (resolve, sorted keys, JSON patches).
 */
export class PodTemplateRollout extends Rollout {
  constructor(scope: Construct, id: string, metadata: RolloutProps['metadata'], spec: RolloutSpec, template: k8s.PodTemplateSpec) {
    super(scope, id, {
      metadata,
      spec: { ...toJson_RolloutSpec(spec), template: k8s.toJson_PodTemplateSpec(template) } as RolloutSpec,
    });
  }

  public override toJson(): any {
    return ApiObject.prototype.toJson.call(this);
  }
}
