import { useCallback, useMemo, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type AriaLabelConfig,
  type Connection,
  type Edge,
  type IsValidConnection,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { NODE_TYPES } from './FlowNodeView';
import type { FlowEdge, FlowNode } from './flow-graph';
import { isConnectionAllowed, useFlowEditor } from './flow-store';

/** What the palette puts on a drag: the node type and, for an action, the activity. */
export const PALETTE_MIME = 'application/x-lineflow-node';

const EDGE_COLORS: Record<string, string> = { added: '#16a34a', removed: '#dc2626', changed: '#d97706' };

/**
 * The canvas: the store's nodes and edges drawn by xyflow, edges allowed only from a free declared
 * output and never into a trigger. The trail (a simulation or a dialog) is drawn over the edges: taken
 * edges animated and coloured, the others dimmed.
 */
export function FlowCanvas() {
  const { t } = useTranslation();
  const nodes = useFlowEditor((s) => s.nodes);
  const edges = useFlowEditor((s) => s.edges);
  const readOnly = useFlowEditor((s) => s.readOnly);
  const trailEdges = useFlowEditor((s) => s.trailEdges);
  const trailOn = useFlowEditor((s) => s.trail !== null);
  const onNodesChange = useFlowEditor((s) => s.onNodesChange);
  const onEdgesChange = useFlowEditor((s) => s.onEdgesChange);
  const connect = useFlowEditor((s) => s.connect);
  const addNode = useFlowEditor((s) => s.addNode);
  const flow = useReactFlow();

  // edges are few next to what a node draws; styling them per trail and diff is cheap
  const drawn = useMemo<Edge[]>(
    () =>
      edges.map((e: FlowEdge) => {
        const diff = e.data?.diff;
        const taken = trailOn && trailEdges.has(e.id);
        const color = diff ? EDGE_COLORS[diff] : taken ? '#4f46e5' : undefined;
        if (!color && !trailOn) return e;
        return {
          ...e,
          animated: taken,
          className: [diff ? `edge--${diff}` : '', trailOn ? (taken ? 'edge--taken' : 'edge--untaken') : '']
            .filter(Boolean)
            .join(' '),
          style: color ? { stroke: color, strokeWidth: 2.5 } : undefined,
          markerEnd: { type: MarkerType.ArrowClosed, ...(color ? { color } : {}) },
        };
      }),
    [edges, trailEdges, trailOn],
  );

  const isValidConnection = useCallback<IsValidConnection>(
    (c) => isConnectionAllowed(useFlowEditor.getState(), c as Connection),
    [],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(PALETTE_MIME);
      if (!raw) return;
      event.preventDefault();
      const { type, activity } = JSON.parse(raw) as { type: string; activity?: string };
      addNode({
        type,
        activity,
        position: flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }),
      });
    },
    [addNode, flow],
  );

  const aria = useMemo<Partial<AriaLabelConfig>>(
    () => ({
      'controls.ariaLabel': t('flowEditor.canvas.controls'),
      'controls.zoomIn.ariaLabel': t('flowEditor.canvas.zoomIn'),
      'controls.zoomOut.ariaLabel': t('flowEditor.canvas.zoomOut'),
      'controls.fitView.ariaLabel': t('flowEditor.canvas.fitView'),
      'controls.interactive.ariaLabel': t('flowEditor.canvas.interactive'),
      'minimap.ariaLabel': t('flowEditor.canvas.minimap'),
      'node.a11yDescription.default': t('flowEditor.canvas.nodeHelp'),
      'node.a11yDescription.keyboardDisabled': t('flowEditor.canvas.nodeHelpReadOnly'),
      'edge.a11yDescription.default': t('flowEditor.canvas.edgeHelp'),
    }),
    [t],
  );

  return (
    <div className="flow-canvas" aria-label={t('flowEditor.canvas.label')} role="region">
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={drawn}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange as never}
        onConnect={connect}
        isValidConnection={isValidConnection}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        onDragOver={onDragOver}
        onDrop={onDrop}
        defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed } }}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.1 }}
        minZoom={0.1}
        onlyRenderVisibleElements={nodes.length > 150}
        ariaLabelConfig={aria}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeStrokeWidth={3} style={{ width: 160, height: 110 }} />
      </ReactFlow>
    </div>
  );
}
