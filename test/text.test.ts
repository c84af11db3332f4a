/** Sentences that end with text from outside, and the "did you mean" every layer shares. */
import { closest, endSentence } from '../src/text';

describe('endSentence', () => {
  it('adds one full stop, never a second after the text\'s own', () => {
    expect(endSentence('Завдання 6.2 виконано 01.10.2026; підтвердження: наказ № 5')).toBe('Завдання 6.2 виконано 01.10.2026; підтвердження: наказ № 5.');
    expect(endSentence('підтвердження: наказ № 5, відп. Сидоренко І.')).toBe('підтвердження: наказ № 5, відп. Сидоренко І.');
    expect(endSentence('підтвердження: лист «Так, оновимо!»')).toBe('підтвердження: лист «Так, оновимо!»');
    expect(endSentence('підтвердження: наказ «Про відкриті дані»')).toBe('підтвердження: наказ «Про відкриті дані».');
    expect(endSentence('Причина: реєстр порожній…  ')).toBe('Причина: реєстр порожній…');
  });
});

describe('closest', () => {
  it('finds a name within a few edits, and none when nothing is near', () => {
    expect(closest('назва набру даних', ['назва', 'назва набору даних', 'розпорядник'])).toBe('назва набору даних');
    expect(closest('примітка', ['назва', 'розпорядник'])).toBeNull();
  });
});
