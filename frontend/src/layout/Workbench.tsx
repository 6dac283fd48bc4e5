// One workflow's screen: header, then sidebar | chat | (viewer over code), resizable.
import { WifiOff } from 'lucide-react';
import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { ChatPanel } from '../chat/ChatPanel.tsx';
import { ContextProvider } from '../context/ContextStore.tsx';
import { SessionContext } from '../session/SessionContext.tsx';
import { useEpisode } from '../session/useEpisode.ts';
import { useEpisodes } from '../session/useEpisodes.ts';
import { headingOf, type Workflow } from '../session/workflow.ts';
import { ThemeToggle } from '../theme/ThemeToggle.tsx';
import { CodeViewer } from '../viewer/code/CodeViewer.tsx';
import { ViewerPanel } from '../viewer/ViewerPanel.tsx';
import { Sidebar } from './Sidebar.tsx';

function ResizeHandle({ vertical = false }: { vertical?: boolean }) {
  return <Separator className={vertical ? 'resize-handle resize-handle-row' : 'resize-handle'} data-panel-resize-handle="" />;
}

function ConnectionNotice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="connection-notice" role="alert" data-testid="connection-lost">
      <WifiOff size={14} aria-hidden /> The controller stopped answering; showing what was last loaded and retrying. ({message})
    </p>
  );
}

export function Workbench({ workflow }: { workflow: Workflow }) {
  const [params, setParams] = useSearchParams();
  const episodeId = params.get('episode');
  const live = useEpisode(episodeId);
  const [history, refreshHistory] = useEpisodes();
  const open = useCallback((id: string | null) => setParams(id ? { episode: id } : {}), [setParams]);
  const session = useMemo(() => ({ workflow, episodeId, live, open, historyChanged: refreshHistory }), [workflow, episodeId, live, open, refreshHistory]);
  const columns = useDefaultLayout({ id: 'workbench-columns', storage: localStorage });
  const right = useDefaultLayout({ id: 'workbench-right', storage: localStorage });
  // Either re-read failing after the page loaded means what is shown may be stale: say so.
  const lost = (history.state === 'ready' ? history.error : undefined) ?? live.lostConnection;

  return (
    <SessionContext.Provider value={session}>
      <ContextProvider scope={`${workflow}:${episodeId ?? 'new'}`}>
        <div className="app" data-testid="app-layout">
          <header className="app-header">
            <h1>{headingOf(workflow)}</h1>
            <nav aria-label="Workflows" className="workflow-nav">
              <Link to="/" aria-current={workflow === 'engineer' ? 'page' : undefined}>
                Engineer
              </Link>
              <Link to="/benchmark" aria-current={workflow === 'benchmark' ? 'page' : undefined}>
                Benchmark
              </Link>
            </nav>
            <ThemeToggle />
          </header>
          <ConnectionNotice message={lost} />
          <Group className="columns" orientation="horizontal" id="workbench-columns" defaultLayout={columns.defaultLayout} onLayoutChanged={columns.onLayoutChanged}>
            <Panel id="sidebar" data-testid="panel-sidebar" defaultSize="25%" minSize="12%" className="panel">
              <Sidebar history={history} />
            </Panel>
            <ResizeHandle />
            <Panel id="chat" data-testid="panel-chat" defaultSize="25%" minSize="18%" className="panel">
              <ChatPanel />
            </Panel>
            <ResizeHandle />
            <Panel id="right" data-testid="panel-right" defaultSize="50%" minSize="20%" className="panel">
              <Group orientation="vertical" id="workbench-right" defaultLayout={right.defaultLayout} onLayoutChanged={right.onLayoutChanged}>
                <Panel id="viewer" defaultSize="55%" minSize="15%" className="panel">
                  <ViewerPanel />
                </Panel>
                <ResizeHandle vertical />
                <Panel id="code" defaultSize="45%" minSize="15%" className="panel">
                  <CodeViewer />
                </Panel>
              </Group>
            </Panel>
          </Group>
        </div>
      </ContextProvider>
    </SessionContext.Provider>
  );
}
