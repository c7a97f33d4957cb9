// The wire contract for swarm objects, read from a manager engine: nodes, services and their tasks.
// Each carries `engine` (the manager that reported it) and `cluster` (the swarm's id), so two managers of the
// same swarm configured at once are drawn once.

export interface SwarmNodeDto {
  engine: string;
  cluster: string;
  id: string;
  hostname: string;
  role: "manager" | "worker";
  /** active, pause, drain */
  availability: string;
  /** ready, down, unknown, disconnected */
  state: string;
  /** The address the node is reached at (Status.Addr). */
  address: string | null;
  leader: boolean;
  /** ManagerStatus.Reachability for managers: reachable, unreachable. */
  reachability: string | null;
  engineVersion: string | null;
  labels: Record<string, string>;
}

export interface ServicePortDto {
  protocol: string;
  targetPort: number;
  publishedPort: number | null;
  /** ingress (routing mesh, every node) or host (only nodes running a task). */
  publishMode: string;
}

export interface ServiceVipDto {
  networkId: string;
  /** CIDR form, as Docker reports it. */
  address: string;
}

export interface SwarmServiceDto {
  engine: string;
  cluster: string;
  id: string;
  name: string;
  image: string;
  /** replicated, global, replicated-job, global-job */
  mode: string;
  /** Desired replicas (replicated mode); null for global. */
  replicas: number | null;
  /** vip or dnsrr */
  endpointMode: string;
  vips: ServiceVipDto[];
  ports: ServicePortDto[];
  /** Networks the service's tasks attach to (ids), in the spec's order. */
  networks: string[];
  labels: Record<string, string>;
  updatedAt: string;
}

export interface TaskAddressDto {
  networkId: string;
  /** CIDR form. */
  address: string;
}

export interface SwarmTaskDto {
  engine: string;
  cluster: string;
  id: string;
  serviceId: string;
  /** Replica slot (replicated services); null for global ones. */
  slot: number | null;
  /** The node the task was placed on; null while unassigned. */
  nodeId: string | null;
  /** Status.State: new, pending, assigned, preparing, starting, running, complete, failed, shutdown, rejected… */
  state: string;
  desiredState: string;
  /** Status.ContainerStatus.ContainerID: the task's container on its node's engine. */
  containerId: string | null;
  addresses: TaskAddressDto[];
  /** Status.Err or Status.Message when the task failed. */
  error: string | null;
  updatedAt: string;
}
