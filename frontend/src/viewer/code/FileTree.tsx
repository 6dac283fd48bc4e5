import { ChevronDown, ChevronRight, File, Folder } from 'lucide-react';
import { useState } from 'react';
import { buildTree, type TreeNode } from '../../workspace/files.ts';

function Node({ node, depth, selected, onOpen }: { node: TreeNode; depth: number; selected: string | null; onOpen: (path: string) => void }) {
  const [open, setOpen] = useState(true);
  const pad = { paddingLeft: `${0.5 + depth * 0.9}rem` };
  if (node.children) {
    return (
      <li role="treeitem" aria-expanded={open} aria-selected={false}>
        <button type="button" className="tree-row" style={pad} onClick={() => setOpen((o) => !o)}>
          {open ? <ChevronDown size={13} aria-hidden /> : <ChevronRight size={13} aria-hidden />}
          <Folder size={13} aria-hidden /> <span className="tree-label">{node.name}</span>
        </button>
        {open && (
          <ul role="group">
            {node.children.map((c) => (
              <Node key={c.path} node={c} depth={depth + 1} selected={selected} onOpen={onOpen} />
            ))}
          </ul>
        )}
      </li>
    );
  }
  return (
    <li role="treeitem" aria-selected={selected === node.path}>
      <button type="button" className="tree-row" style={pad} title={node.path} data-testid="file-tree-item" data-path={node.path} aria-current={selected === node.path ? 'true' : undefined} onClick={() => onOpen(node.path)}>
        <File size={13} aria-hidden /> <span className="tree-label">{node.name}</span>
      </button>
    </li>
  );
}

export function FileTree({ files, selected, onOpen }: { files: string[]; selected: string | null; onOpen: (path: string) => void }) {
  return (
    <ul className="file-tree" role="tree" aria-label="Workspace files" data-testid="file-tree">
      {buildTree(files).map((n) => (
        <Node key={n.path} node={n} depth={0} selected={selected} onOpen={onOpen} />
      ))}
    </ul>
  );
}
