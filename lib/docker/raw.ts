// The parts of Docker's JSON that Netatlas reads, as the engine sends them (API 1.41-1.45).
// Kept here so Docker's shapes never leave lib/docker; recorded fixtures follow these shapes.

export interface RawIpamConfig {
  Subnet?: string;
  Gateway?: string;
  IPRange?: string;
  AuxiliaryAddresses?: Record<string, string> | null;
}

export interface RawNetwork {
  Id: string;
  Name: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv6: boolean;
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network?: string } | null;
  IPAM: { Driver: string; Options?: Record<string, string> | null; Config?: RawIpamConfig[] | null };
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
  Containers?: Record<string, unknown> | null;
  /** Swarm-scoped networks, on inspect: the nodes that have the network. */
  Peers?: Array<{ Name?: string; IP?: string }> | null;
}

export interface RawEndpointSettings {
  IPAMConfig?: { IPv4Address?: string; IPv6Address?: string; LinkLocalIPs?: string[] | null } | null;
  Links?: string[] | null;
  Aliases?: string[] | null;
  DNSNames?: string[] | null;
  NetworkID?: string;
  EndpointID?: string;
  Gateway?: string;
  IPAddress?: string;
  IPPrefixLen?: number;
  IPv6Gateway?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  MacAddress?: string;
}

export interface RawContainerSummary {
  Id: string;
  Names?: string[];
  Status?: string;
  State?: string;
  /** NetworkID is "" for a container that never ran: such attachments are known by network name only. */
  NetworkSettings?: { Networks?: Record<string, { NetworkID?: string; EndpointID?: string }> | null } | null;
}

export interface RawContainer {
  Id: string;
  Name: string;
  Created: string;
  State: { Status: string; StartedAt?: string; Pid?: number };
  Config: {
    Image: string;
    Hostname?: string;
    Labels?: Record<string, string> | null;
    Env?: string[] | null;
    Cmd?: string[] | string | null;
    Entrypoint?: string[] | string | null;
  };
  HostConfig: {
    NetworkMode?: string;
    Dns?: string[] | null;
    DnsSearch?: string[] | null;
    DnsOptions?: string[] | null;
    ExtraHosts?: string[] | null;
    /** Legacy links: "/<linked container>:/<this container>/<alias>". */
    Links?: string[] | null;
    Privileged?: boolean;
    CapAdd?: string[] | null;
  };
  NetworkSettings: {
    Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null;
    Networks?: Record<string, RawEndpointSettings> | null;
  };
}

export interface RawInfo {
  Name?: string;
  Swarm?: {
    LocalNodeState?: string;
    NodeID?: string;
    NodeAddr?: string;
    ControlAvailable?: boolean;
    Cluster?: { ID?: string } | null;
  };
}

export interface RawSwarmNode {
  ID: string;
  Spec?: { Role?: string; Availability?: string; Labels?: Record<string, string> | null };
  Description?: { Hostname?: string; Engine?: { EngineVersion?: string } };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Reachability?: string; Addr?: string } | null;
}

export interface RawService {
  ID: string;
  UpdatedAt?: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string> | null;
    TaskTemplate?: {
      ContainerSpec?: { Image?: string };
      Networks?: Array<{ Target?: string }> | null;
    };
    Mode?: {
      Replicated?: { Replicas?: number };
      Global?: object;
      ReplicatedJob?: object;
      GlobalJob?: object;
    };
    EndpointSpec?: { Mode?: string } | null;
  };
  Endpoint?: {
    Ports?: Array<{
      Protocol?: string;
      TargetPort?: number;
      PublishedPort?: number;
      PublishMode?: string;
    }> | null;
    VirtualIPs?: Array<{ NetworkID?: string; Addr?: string }> | null;
  };
}

export interface RawTask {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  UpdatedAt?: string;
  DesiredState?: string;
  Status?: {
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string } | null;
  };
  NetworksAttachments?: Array<{ Network?: { ID?: string }; Addresses?: string[] | null }> | null;
}
