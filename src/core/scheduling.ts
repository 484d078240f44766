// Node placement a workload asks for: node affinity terms, a CPU architecture and a node pool.
// Below every construct: this module imports nothing of src/.

/** Operators of a node affinity requirement. */
export enum NodeOperator {
  /** The label's value is one of `values`. */
  IN = 'In',
  /** The label is missing or its value is none of `values`. */
  NOT_IN = 'NotIn',
  /** The node has the label (no `values`). */
  EXISTS = 'Exists',
  /** The node lacks the label (no `values`). */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label's value, read as an integer, is greater than the one value given. */
  GT = 'Gt',
  /** The label's value, read as an integer, is less than the one value given. */
  LT = 'Lt',
}

/** One requirement on a node label. */
export interface NodeRequirement {
  /** Node label key ("node.kubernetes.io/instance-type"). */
  readonly key: string;
  /** How the label is compared. */
  readonly operator: NodeOperator;
  /**
   * Values: one or more for In and NotIn, exactly one integer for Gt and Lt, none for Exists and DoesNotExist.
   * @default none
   */
  readonly values?: string[];
}

/** A node matches the term when it meets every requirement. */
export interface NodeTerm {
  /** Requirements, all of which must hold. */
  readonly match: NodeRequirement[];
}

/** A preferred term: the scheduler adds `weight` to the score of nodes that match. */
export interface WeightedNodeTerm extends NodeTerm {
  /** 1 to 100. */
  readonly weight: number;
}

/** Node affinity: hard requirements and soft preferences. */
export interface NodeAffinityProps {
  /**
   * Pods run only on nodes matching at least one term (terms are alternatives; requirements within a term all hold).
   * @default none
   */
  readonly required?: NodeTerm[];
  /**
   * Nodes matching a term are preferred by its weight.
   * @default none
   */
  readonly preferred?: WeightedNodeTerm[];
}

/** CPU architectures, as the node label `kubernetes.io/arch` names them. */
export enum CpuArchitecture {
  /** x86-64 nodes. */
  AMD64 = 'amd64',
  /** 64-bit ARM nodes (Graviton, Ampere, Cobalt). */
  ARM64 = 'arm64',
}

/** A node pool (node group): the node label the platform puts on the pool's nodes and its value. */
export class NodePool {
  /** Nodes whose label `key` has `value`, for any other platform. */
  public static labelled(key: string, value: string): NodePool {
    return new NodePool(key, value);
  }

  /** A GKE node pool (`cloud.google.com/gke-nodepool`). */
  public static gke(name: string): NodePool {
    return new NodePool('cloud.google.com/gke-nodepool', name);
  }

  /** An EKS managed node group (`eks.amazonaws.com/nodegroup`). */
  public static eks(name: string): NodePool {
    return new NodePool('eks.amazonaws.com/nodegroup', name);
  }

  /** An AKS agent pool (`kubernetes.azure.com/agentpool`). */
  public static aks(name: string): NodePool {
    return new NodePool('kubernetes.azure.com/agentpool', name);
  }

  /** A Karpenter NodePool (`karpenter.sh/nodepool`). */
  public static karpenter(name: string): NodePool {
    return new NodePool('karpenter.sh/nodepool', name);
  }

  /** Nodes of one instance type (`node.kubernetes.io/instance-type`, "m7g.large"). */
  public static instanceType(type: string): NodePool {
    return new NodePool('node.kubernetes.io/instance-type', type);
  }

  private constructor(
    /** The node label. */
    public readonly key: string,
    /** Its value on the pool's nodes. */
    public readonly value: string) {}
}
