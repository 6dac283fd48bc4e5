// Line-number gutter clicks select whole lines (Shift extends), and the selected line range is
// reported so the viewer can offer it as a mention.
import { EditorSelection, type Extension } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';

export interface LineRange {
  start: number;
  end: number;
}

export function selectedLines(view: EditorView): LineRange | null {
  const range = view.state.selection.main;
  if (range.empty) return null;
  const doc = view.state.doc;
  const start = doc.lineAt(range.from).number;
  // A selection ending at the very start of a line does not include that line.
  let end = doc.lineAt(range.to).number;
  if (end > start && doc.line(end).from === range.to) end -= 1;
  return { start, end };
}

export function lineSelection(onChange: (range: LineRange | null) => void): Extension[] {
  let anchorLine = 1;
  return [
    lineNumbers({
      domEventHandlers: {
        mousedown(view, block, event) {
          const doc = view.state.doc;
          const line = doc.lineAt(block.from).number;
          if (!(event as MouseEvent).shiftKey) anchorLine = line;
          const first = Math.min(anchorLine, line);
          const last = Math.max(anchorLine, line);
          view.dispatch({ selection: EditorSelection.single(doc.line(first).from, doc.line(last).to) });
          view.focus();
          return true;
        },
      },
    }),
    EditorView.updateListener.of((update) => {
      if (update.selectionSet || update.docChanged) onChange(selectedLines(update.view));
    }),
  ];
}
