import { describe, expect, it } from 'vitest';
import { trainTfidfSvm } from './tfidf.svm.ts';

// Short German texts of three topics, worded differently within a topic.
const SPORT = [
  'Der FC Augsburg gewinnt das Heimspiel gegen Bremen mit zwei zu null.',
  'Die Skispringerin landet bei der Weltmeisterschaft auf dem dritten Platz.',
  'Im Finale des Tennisturniers setzte sich der Titelverteidiger in drei Sätzen durch.',
  'Der Trainer des Tabellenführers wurde nach der dritten Niederlage in Folge entlassen.',
  'Beim Marathon in Wien lief die Kenianerin einen neuen Streckenrekord.',
  'Die Handballer verloren das Auswärtsspiel knapp mit einem Tor Unterschied.',
];
const ECONOMY = [
  'Die Inflation ist im Oktober auf drei Prozent gestiegen, meldet das Statistikamt.',
  'Der Autobauer kündigt den Abbau von zweitausend Stellen in seinen Werken an.',
  'Die Zentralbank lässt den Leitzins unverändert und verweist auf die schwache Konjunktur.',
  'Der Aktienkurs des Energiekonzerns brach nach der Gewinnwarnung um zwölf Prozent ein.',
  'Die Exporte nach China sind im ersten Quartal deutlich zurückgegangen.',
  'Die Gewerkschaft fordert für die Beschäftigten im Handel sechs Prozent mehr Lohn.',
];
const SCIENCE = [
  'Forscher haben im Eis der Antarktis Mikroorganismen entdeckt, die ohne Licht überleben.',
  'Das Weltraumteleskop fotografiert eine Galaxie, die kurz nach dem Urknall entstand.',
  'Eine neue Studie zeigt, dass Bienen Farben besser unterscheiden als bisher angenommen.',
  'Archäologen legen bei Grabungen eine römische Villa mit Mosaikböden frei.',
  'Die Messungen des Satelliten belegen, dass der Meeresspiegel schneller steigt.',
  'Ein Impfstoff gegen das Virus zeigte in der klinischen Studie eine hohe Wirksamkeit.',
];

describe('TF-IDF + linear SVM baseline', () => {
  const texts = [...SPORT, ...ECONOMY, ...SCIENCE];
  const labels = [...SPORT.map(() => 'sport'), ...ECONOMY.map(() => 'wirtschaft'), ...SCIENCE.map(() => 'wissenschaft')];

  it('fits its training texts (a hard-margin-like fit at C = 1 on separable data)', () => {
    const model = trainTfidfSvm(texts, labels);
    expect(model.labels).toEqual(['sport', 'wirtschaft', 'wissenschaft']);
    texts.forEach((text, i) => expect(model.predict(text), text).toBe(labels[i]));
  });

  it('classifies unseen sentences by their shared topic words', () => {
    const model = trainTfidfSvm(texts, labels);
    expect(model.predict('Der Trainer war nach dem Heimspiel gegen Bremen zufrieden.')).toBe('sport');
    expect(model.predict('Die Zentralbank erwartet für das nächste Quartal mehr Inflation.')).toBe('wirtschaft');
    expect(model.predict('Forscher veröffentlichen eine Studie über Bienen in der Antarktis.')).toBe('wissenschaft');
  });

  it('is deterministic for a seed', () => {
    const a = trainTfidfSvm(texts, labels, { seed: 5 });
    const b = trainTfidfSvm(texts, labels, { seed: 5 });
    const probe = 'Der Autobauer meldet einen Rekord beim Marathon der Forscher.';
    expect(a.predict(probe)).toBe(b.predict(probe));
  });
});
