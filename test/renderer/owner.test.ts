/** A view's scope (its DOM-free core, renderer/owner.ts) and its children: everything registered is cleaned up once, newest first. */
import { describe, expect, it } from 'vitest';
import { Owner as Scope } from '../../renderer/owner.js';

describe('Scope', () => {
  it('runs every cleanup once, newest first; one added after closing runs at once', () => {
    const scope = new Scope();
    const ran: string[] = [];
    scope.add(() => ran.push('a'));
    scope.add(() => ran.push('b'));
    scope.close();
    scope.close();
    expect(ran).toEqual(['b', 'a']);
    scope.add(() => ran.push('late'));
    expect(ran).toEqual(['b', 'a', 'late']);
  });

  it('closes its children with it; a child closed first is forgotten; a child of a closed scope is born closed', () => {
    const parent = new Scope();
    const ran: string[] = [];
    const first = parent.child();
    first.add(() => ran.push('first'));
    const second = parent.child();
    second.add(() => ran.push('second'));
    first.close(); // drawn again: the old part's scope goes, the parent keeps no trace of it
    expect(ran).toEqual(['first']);
    expect(first.isClosed).toBe(true);
    parent.close();
    expect(ran).toEqual(['first', 'second']);
    expect(second.isClosed).toBe(true);
    const late = parent.child();
    expect(late.isClosed).toBe(true);
  });

  it('does not grow with children closed one after another (a part drawn again many times)', () => {
    const parent = new Scope();
    for (let i = 0; i < 1000; i++) parent.child().close();
    let ran = 0;
    parent.add(() => (ran += 1));
    expect((parent as unknown as { cleanups: unknown[] }).cleanups).toHaveLength(1);
    parent.close();
    expect(ran).toBe(1);
  });
});
