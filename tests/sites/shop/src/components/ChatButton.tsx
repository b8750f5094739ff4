import React from 'react';

declare const zE: (...args: unknown[]) => void;

export function ChatButton({ label }: { label: string }): JSX.Element {
  return <button onClick={() => zE('webWidget', 'open')}>{label}</button>;
}

export const Snippet = () => (
  <div dangerouslySetInnerHTML={{ __html: `<script>zE('webWidget', 'hide');</script>` }} />
);
