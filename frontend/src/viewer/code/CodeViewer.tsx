// The live workspace: file tree, and the open file highlighted with line numbers. Selected
// lines become an `@path:start-end` mention in the prompt.
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { AtSign } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { useController } from '../../api/ControllerContext.tsx';
import { useContextStore } from '../../context/ContextStore.tsx';
import { formatMention } from '../../../../services/shared/src/mentions.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { useTheme } from '../../theme/useTheme.ts';
import { workspaceFiles } from '../../workspace/files.ts';
import { FileTree } from './FileTree.tsx';
import { isBinaryPath, languageFor } from './language.ts';
import { lineSelection, type LineRange } from './lineSelection.ts';

type FileState = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; text: string };

const PREFERRED = ['script.ts', 'script.mjs', 'plan.md', 'objectives.yaml'];

export function CodeViewer() {
  const client = useController();
  const { episodeId, live } = useSession();
  const { appendToDraft } = useContextStore();
  const [theme] = useTheme();
  const [path, setPath] = useState<string | null>(null);
  const [file, setFile] = useState<FileState>({ state: 'idle' });
  const [range, setRange] = useState<LineRange | null>(null);
  const episode = live.view.state === 'ready' ? live.view.episode : null;
  const files = useMemo(() => (episode ? workspaceFiles(episode, live.updatedFiles).filter((f) => !isBinaryPath(f)) : []), [episode, live.updatedFiles]);

  useEffect(() => {
    setPath(null);
    setFile({ state: 'idle' });
  }, [episodeId]);
  useEffect(() => {
    if (path || files.length === 0) return;
    setPath(PREFERRED.find((p) => files.includes(p)) ?? files[0]!);
  }, [files, path]);

  useEffect(() => {
    if (!episodeId || !path) return;
    const abort = new AbortController();
    setFile((f) => (f.state === 'ready' ? f : { state: 'loading' }));
    client
      .fetchAsset(episodeId, path, abort.signal)
      .then((res) => res.text())
      .then(
        (text) => setFile({ state: 'ready', text }),
        (error: Error) => !abort.signal.aborted && setFile({ state: 'error', message: error.message }),
      );
    return () => abort.abort();
  }, [client, episodeId, path, live.fileVersion]);

  const extensions = useMemo(() => [...(path ? languageFor(path) : []), EditorView.lineWrapping, ...lineSelection(setRange)], [path]);

  return (
    <section className="code-viewer" aria-label="Code viewer" data-testid="code-viewer">
      <div className="panel-title">
        <span>Files</span>
        {path && <span className="muted">{path}</span>}
        {range && path && (
          <button type="button" className="secondary-button small" onClick={() => appendToDraft(formatMention(path, range.start, range.end))} data-testid="add-mention">
            <AtSign size={12} aria-hidden /> Add {formatMention(path, range.start, range.end)} to prompt
          </button>
        )}
      </div>
      {!episode ? (
        <p className="empty-state">Open or start a session to browse its workspace.</p>
      ) : files.length === 0 ? (
        <p className="empty-state">{episode.status === 'running' || episode.status === 'queued' ? 'Waiting for the agent to write files…' : 'This session has no files.'}</p>
      ) : (
        <div className="code-body">
          <FileTree files={files} selected={path} onOpen={setPath} />
          <div className="code-editor">
            {file.state === 'loading' && (
              <p className="muted" role="status">
                Loading {path}…
              </p>
            )}
            {file.state === 'error' && (
              <p className="error-text" role="alert">
                {file.message}
              </p>
            )}
            {file.state === 'ready' && (
              <CodeMirror
                value={file.text}
                // Read-only but still focusable: keyboard users reach the code and select lines
                // (Shift+arrows) for a mention, as mouse users do in the gutter.
                readOnly
                indentWithTab={false}
                theme={theme}
                height="100%"
                basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false, autocompletion: false }}
                extensions={extensions}
                aria-label={`Contents of ${path}`}
              />
            )}
          </div>
        </div>
      )}
    </section>
  );
}
