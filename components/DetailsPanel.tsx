// The map's details panel: every fact of the selected engine, network, container or endpoint.
import Link from "next/link";
import { useEffect, useState } from "react";
import { managedBy } from "@/lib/analysis/impact";
import type { FeedStatus } from "@/lib/api/live";
import { operands, shellCommand } from "@/lib/api/shell";
import type { EndpointDto, EngineDto, NetworkDto } from "@/lib/api/types";
import type { TrafficState } from "@/lib/client/traffic";
import { conceptsFor } from "@/lib/concepts";
import { elementId, type GraphEdge, type GraphNode, type TopologyModel } from "@/lib/topology/model";
import { ConceptCards } from "./ConceptCard";
import { CapturePanel } from "./capture/CapturePanel";
import { DnsSection } from "./dns/DnsSection";
import { commandFor } from "./element-commands";
import { CliHint, Fields } from "./Fields";
import { ConnectToggle } from "./network/ConnectToggle";
import { DisconnectButton } from "./network/DisconnectButton";
import { RemoveNetworkButton } from "./network/RemoveNetworkButton";
import {
  containerFields,
  endpointFields,
  engineFields,
  engineHealthFields,
  networkFields,
} from "./object-fields";
import { ProbePanel } from "./probe/ProbePanel";
import { probeTargets } from "./probe/probe-targets";
import { TrafficBlock } from "./traffic/TrafficBlock";

function EndpointList({
  endpoints,
  title,
  nameOf,
  networkOf,
  action,
}: {
  endpoints: EndpointDto[];
  title: string;
  nameOf(e: EndpointDto): string;
  networkOf?(e: EndpointDto): NetworkDto | undefined;
  /** A control per endpoint (operators: Disconnect). */
  action?: (e: EndpointDto) => React.ReactNode;
}) {
  if (endpoints.length === 0) return null;
  return (
    <section className="mt-4">
      <h3 className="mb-1 text-sm font-semibold">{title}</h3>
      {endpoints.map((e) => (
        <div key={`${e.networkId}/${e.containerId}`} className="mb-3 rounded border border-slate-200 p-2">
          <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm font-medium">{nameOf(e)}</p>
            {action?.(e)}
          </div>
          <Fields fields={endpointFields(e, networkOf?.(e))} label={`Endpoint ${nameOf(e)}`} />
        </div>
      ))}
    </section>
  );
}

/** What the map's context menu can ask the panel to open. */
export type MapIntent = "connect" | "remove" | "disconnect" | "reach";

export function DetailsPanel({
  model,
  selectedId,
  canOperate,
  intent = null,
  element = null,
  version = null,
  group = null,
  onToggleGroup,
  traffic = null,
  feeds = [],
}: {
  /** The live feeds: an engine's health (up or down since when, last event, lag). */
  feeds?: FeedStatus[];
  /** With the map's Traffic switch on: rates and history, for the selection's sparklines. */
  traffic?: TrafficState | null;
  /** The group the selection is (or, expanded, belongs to): it can be opened or closed from here. */
  group?: { id: string; expanded: boolean; size: number } | null;
  onToggleGroup?(id: string): void;
  model: TopologyModel;
  /** The live topology's version: the DNS names are read again when it changes. */
  version?: number | null;
  selectedId: string;
  canOperate: boolean;
  /** An action chosen in the map's context menu: its control opens at once. */
  intent?: MapIntent | null;
  /** The element as the map draws it in this view: swarm objects, tunnels, Linux devices and bands have no
   * model object of their own; networks and containers say here which tier they are in and why. */
  element?: GraphNode | GraphEdge | null;
}) {
  // Under each kind's facts: what its driver, options and mode are ("What is this?"), closed by default.
  const concepts = <ConceptCards key={selectedId} ids={conceptsFor(model, selectedId, element)} />;
  const engine = model.engines.find((e) => elementId.engine(e.id) === selectedId);
  if (engine) {
    return (
      <Panel title={`Engine ${engine.hostname ?? engine.id}`}>
        <EngineFacts engine={engine} feed={feeds.find((f) => f.engine === engine.id) ?? null} />
        {concepts}
        <CliHint command="docker version && docker info" />
      </Panel>
    );
  }
  const containerName = (id: string) => model.containers.find((c) => c.id === id)?.name ?? id.slice(0, 12);
  const disconnect = (e: EndpointDto) => (
    <DisconnectButton
      topology={model}
      engine={e.engine}
      networkId={e.networkId}
      containerId={e.containerId}
    />
  );
  const network = model.networks.find((n) => elementId.network(n.engine, n.id) === selectedId);
  if (network) {
    const endpoints = model.endpoints.filter(
      (e) => e.engine === network.engine && e.networkId === network.id,
    );
    return (
      <Panel title={`Network ${network.name}`}>
        <Fields fields={networkFields(network, endpoints)} label="Network details" />
        <TierNote element={element} />
        {concepts}
        <CliHint command={shellCommand("docker", "network", "inspect", ...operands(network.name))} />
        {canOperate && network.driver === "bridge" ? (
          <CapturePanel
            key={`capture-${network.id}`}
            engine={network.engine}
            places={[{ label: `the bridge of ${network.name}`, body: { on: "bridge", network: network.id } }]}
          />
        ) : null}
        {traffic ? (
          <TrafficBlock
            traffic={traffic}
            network={{ engine: network.engine, networkId: network.id }}
            endpoints={endpoints.slice(0, 8).map((e) => ({
              id: elementId.endpoint(e.engine, e.networkId, e.containerId),
              label: containerName(e.containerId),
            }))}
          />
        ) : null}
        <Link
          className="mt-2 inline-block text-sm text-blue-700 hover:underline"
          href={`/networks/${network.id}?engine=${network.engine}`}
        >
          Open network page
        </Link>
        <DnsSection kind="network" engine={network.engine} id={network.id} version={version} />
        <EndpointList
          endpoints={endpoints}
          title="Containers"
          nameOf={(e) => containerName(e.containerId)}
          networkOf={() => network}
          action={canOperate ? disconnect : undefined}
        />
        {canOperate ? (
          <ConnectToggle
            key={`connect-${network.id}-${intent}`}
            initiallyOpen={intent === "connect"}
            label="Connect a container"
            engine={network.engine}
            networks={model.networks}
            containers={model.containers}
            endpoints={model.endpoints}
            networkId={network.id}
          />
        ) : null}
        {canOperate ? (
          <RemoveNetworkButton
            managedBy={managedBy(network.labels)}
            initiallyOpen={intent === "remove"}
            key={`${network.id}-${intent}`}
            engine={network.engine}
            id={network.id}
            name={network.name}
            system={network.system}
            containers={endpoints.map((e) => containerName(e.containerId))}
          />
        ) : null}
      </Panel>
    );
  }
  const container = model.containers.find((c) => elementId.container(c.engine, c.id) === selectedId);
  if (container) {
    const endpoints = model.endpoints.filter(
      (e) => e.engine === container.engine && e.containerId === container.id,
    );
    return (
      <Panel title={`Container ${container.name}`}>
        <Fields fields={containerFields(container)} label="Container details" />
        <TierNote element={element} />
        {concepts}
        {group && onToggleGroup ? <GroupToggle group={group} onToggle={onToggleGroup} /> : null}
        <CliHint command={shellCommand("docker", "inspect", ...operands(container.name))} />
        {traffic ? (
          <TrafficBlock
            traffic={traffic}
            endpoints={endpoints.map((e) => ({
              id: elementId.endpoint(e.engine, e.networkId, e.containerId),
              label: `on ${e.networkName}`,
            }))}
          />
        ) : null}
        <Link
          className="mt-2 inline-block text-sm text-blue-700 hover:underline"
          href={`/containers/${container.id}?engine=${container.engine}`}
        >
          Open container page
        </Link>
        <DnsSection
          kind="container"
          engine={container.engine}
          id={container.id}
          version={version}
          canCheck={canOperate && container.state === "running"}
        />
        <EndpointList
          endpoints={endpoints}
          title="Networks"
          nameOf={(e) => e.networkName}
          networkOf={(e) => model.networks.find((n) => n.engine === e.engine && n.id === e.networkId)}
          action={canOperate ? disconnect : undefined}
        />
        {canOperate ? (
          <ConnectToggle
            key={`connect-${container.id}-${intent}`}
            initiallyOpen={intent === "connect"}
            label="Connect to a network"
            engine={container.engine}
            networks={model.networks}
            containers={model.containers}
            endpoints={model.endpoints}
            containerId={container.id}
          />
        ) : null}
        {canOperate && element ? (
          <p className="mt-2 text-xs text-slate-500">
            Or drag it onto a network on the map: the networks it can join light up.
          </p>
        ) : null}
        {canOperate ? (
          <ProbePanel
            key={`probe-${container.id}`}
            engine={container.engine}
            containerId={container.id}
            containerName={container.name}
            running={container.state === "running"}
            targets={probeTargets(container, model.containers, model.endpoints)}
          />
        ) : null}
        {canOperate && container.state === "running" ? (
          <CapturePanel
            key={`capture-${container.id}`}
            engine={container.engine}
            places={[
              {
                label: `inside ${container.name} (all its interfaces)`,
                body: { on: "container", container: container.id },
              },
              ...endpoints.map((e) => ({
                label: `its interface on ${e.networkName} (host side)`,
                body: { on: "endpoint" as const, container: container.id, network: e.networkId },
              })),
            ]}
          />
        ) : null}
      </Panel>
    );
  }
  const endpoint = model.endpoints.find(
    (e) => elementId.endpoint(e.engine, e.networkId, e.containerId) === selectedId,
  );
  if (endpoint) {
    const name = containerName(endpoint.containerId);
    return (
      <Panel title={`${name} on ${endpoint.networkName}`}>
        <Fields
          fields={[
            ["Container", name],
            ...endpointFields(
              endpoint,
              model.networks.find((n) => n.engine === endpoint.engine && n.id === endpoint.networkId),
            ),
          ]}
          label="Endpoint details"
        />
        {concepts}
        {traffic ? (
          <TrafficBlock
            traffic={traffic}
            endpoints={[{ id: selectedId, label: `${name} on ${endpoint.networkName}` }]}
          />
        ) : null}
        <CliHint
          command={shellCommand(
            "docker",
            "inspect",
            "--format",
            "{{json .NetworkSettings.Networks}}",
            ...operands(name),
          )}
        />
        {canOperate ? (
          <div className="mt-3">
            <DisconnectButton
              key={`${selectedId}-${intent}`}
              topology={model}
              engine={endpoint.engine}
              networkId={endpoint.networkId}
              containerId={endpoint.containerId}
              initiallyOpen={intent === "disconnect"}
            />
          </div>
        ) : null}
      </Panel>
    );
  }
  if (element) {
    const command = commandFor(element, model);
    return (
      <Panel title={"label" in element && element.label ? element.label : element.kind}>
        <p className="text-sm">{element.description}</p>
        {concepts}
        {group && onToggleGroup ? <GroupToggle group={group} onToggle={onToggleGroup} /> : null}
        {command ? <CliHint command={command} /> : null}
      </Panel>
    );
  }
  return <Panel title="Nothing selected">The selected element is no longer on the map.</Panel>;
}

/** Opens a group of containers in place (each drawn on its own), or draws an opened one as one node again. */
function GroupToggle({
  group,
  onToggle,
}: {
  group: { id: string; expanded: boolean; size: number };
  onToggle(id: string): void;
}) {
  return (
    <button
      type="button"
      onClick={() => onToggle(group.id)}
      className="mt-2 rounded border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-100"
    >
      {group.expanded
        ? `Draw its group of ${group.size} as one again`
        : `Show each of the ${group.size} containers`}
    </button>
  );
}

/** In the tiered layout: which band the element is in and why (its label, or the rule that inferred it). */
function TierNote({ element }: { element: GraphNode | GraphEdge | null }) {
  const tier = element?.description.split("; tier ")[1];
  return tier ? <p className="mt-2 text-sm">Tier {tier}</p> : null;
}

function Panel({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label="Details" className="border-b border-slate-200 p-3">
      <h2 className="mb-2 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** The engine's facts and, from its live feed, its health (one list), and the way to every engine's. */
function EngineFacts({ engine, feed }: { engine: EngineDto; feed: FeedStatus | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const health = feed ? engineHealthFields(feed, now) : [];
  return (
    <>
      <Fields fields={[...engineFields(engine), ...health]} label="Engine details" />
      <Link href="/engines" className="text-xs text-blue-700 hover:underline">
        All engines and their health →
      </Link>
    </>
  );
}
