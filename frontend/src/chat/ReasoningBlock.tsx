import { ChevronDown, ChevronRight } from 'lucide-react';
import { useId, useState } from 'react';

/** The model's reasoning: collapsed until asked for. */
export function ReasoningBlock({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="reasoning" data-testid="reasoning">
      <button type="button" className="link-button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {open ? <ChevronDown size={14} aria-hidden /> : <ChevronRight size={14} aria-hidden />} {open ? 'Hide reasoning' : 'Show reasoning'}
      </button>
      {open && (
        <pre id={id} className="reasoning-text" data-testid="reasoning-content">
          {text}
        </pre>
      )}
    </div>
  );
}
