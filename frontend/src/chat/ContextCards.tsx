import { Box, Code2, Layers, Square, X } from 'lucide-react';
import { selectionDetail, selectionLabel, useContextStore } from '../context/ContextStore.tsx';

const ICONS = { part: Box, face: Square, subassembly: Layers, code: Code2 };

/** The selections that will travel with the next message, each removable. */
export function ContextCards() {
  const { items, remove } = useContextStore();
  if (items.length === 0) return null;
  return (
    <ul className="context-cards" aria-label="Context" data-testid="context-cards">
      {items.map((item) => {
        const Icon = ICONS[item.kind];
        const label = selectionLabel(item);
        const detail = selectionDetail(item);
        return (
          <li key={item.key} className="context-card" data-testid="context-card" data-kind={item.kind} title={detail} data-normal={item.normal?.join(',')} data-centroid={item.centroid?.join(',')}>
            <Icon size={13} aria-hidden />
            <span>{label}</span>
            {detail && <span className="visually-hidden">, {detail}</span>}
            <button type="button" className="icon-button small" aria-label={`Remove ${label}`} onClick={() => remove(item.key)}>
              <X size={12} aria-hidden />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
