import { useEffect, useMemo, useState } from 'react';
import type { DocumentPage, PageWords } from '../api/types.ts';
import { useApi } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const baseWidth = 760;

export function normaliseWord(text: string): string {
  return text
    .toLocaleLowerCase('de-DE')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Search terms of a query string: words of ≥ 2 characters, operators and field prefixes dropped. */
export function termsOf(query: string): string[] {
  return query
    .split(/\s+/)
    .map((part) => part.replace(/^[a-z]+:/i, ''))
    .map(normaliseWord)
    .filter((term) => term.length >= 2 && !['and', 'or', 'not', 'und', 'oder'].includes(term));
}

function isHit(word: string, terms: string[]): boolean {
  const normalised = normaliseWord(word);
  if (!normalised) return false;
  return terms.some((term) => (term.length >= 4 ? normalised.includes(term) : normalised === term));
}

/** CSS transform that rotates a w×h box about its corner and moves it back into view. */
function rotation(degrees: number, width: number, height: number): string {
  switch (degrees) {
    case 90:
      return `translate(${height}px, 0) rotate(90deg)`;
    case 180:
      return `translate(${width}px, ${height}px) rotate(180deg)`;
    case 270:
      return `translate(0, ${width}px) rotate(270deg)`;
    default:
      return 'none';
  }
}

interface PageViewerProps {
  documentId: string;
  pages: DocumentPage[];
  pageNo: number;
  onPage(pageNo: number): void;
  zoom: number;
  rotate: number;
  showText: boolean;
  terms: string[];
}

export function PageViewer({ documentId, pages, pageNo, onPage, zoom, rotate, showText, terms }: PageViewerProps) {
  const api = useApi();
  const { t } = useI18n();
  const [words, setWords] = useState<Record<number, PageWords | null>>({});
  const page = pages.find((candidate) => candidate.pageNo === pageNo) ?? pages[0];

  useEffect(() => {
    if (!page || words[page.pageNo] !== undefined) return;
    let cancelled = false;
    api
      .pageWords(documentId, page.pageNo)
      .then((result) => !cancelled && setWords((previous) => ({ ...previous, [page.pageNo]: result })))
      .catch(() => !cancelled && setWords((previous) => ({ ...previous, [page.pageNo]: null })));
    return () => {
      cancelled = true;
    };
  }, [api, documentId, page, words]);

  const pageWords = page ? words[page.pageNo] : undefined;
  const hits = useMemo(() => (pageWords && terms.length ? pageWords.words.filter((word) => isHit(word.text, terms)) : []), [pageWords, terms]);

  if (!page) return <div className="viewer-empty">{t('viewer.noPages')}</div>;

  const width = Math.round(baseWidth * zoom);
  const height = Math.round((width * page.height) / Math.max(1, page.width));
  const turned = rotate === 90 || rotate === 270;
  const coordW = pageWords?.width ?? page.width;
  const coordH = pageWords?.height ?? page.height;

  return (
    <div className="viewer">
      <nav className="thumbs" aria-label="pages">
        {pages.map((thumb) => (
          <button key={thumb.pageNo} type="button" className={thumb.pageNo === page.pageNo ? 'thumb active' : 'thumb'} onClick={() => onPage(thumb.pageNo)} title={t('viewer.page', { page: thumb.pageNo, pages: pages.length })}>
            <img src={thumb.imageUrl} alt="" loading="lazy" />
            <span>{thumb.pageNo}</span>
          </button>
        ))}
      </nav>
      <div className="stage">
        <div className="stage-status">
          {t('viewer.page', { page: page.pageNo, pages: pages.length })}
          {terms.length > 0 && pageWords && <span className="hits-count">{t('viewer.hits', { count: hits.length })}</span>}
          {pageWords === null && (showText || terms.length > 0) && <span className="muted">{t('viewer.wordsMissing')}</span>}
        </div>
        <div className="page-frame" style={{ width: turned ? height : width, height: turned ? width : height }}>
          <div className="page-rotor" style={{ width, height, transform: rotation(rotate, width, height) }}>
            <img className="page-image" src={page.imageUrl} alt={t('viewer.page', { page: page.pageNo, pages: pages.length })} width={width} height={height} draggable={false} />
            {pageWords && (
              <svg className={showText ? 'word-layer visible' : 'word-layer'} viewBox={`0 0 ${coordW} ${coordH}`} preserveAspectRatio="none" width={width} height={height}>
                {hits.map((word, index) => (
                  <rect key={`hit-${index}`} className="hit-box" data-testid="hit-box" x={word.box[0] - 3} y={word.box[1] - 3} width={word.box[2] + 6} height={word.box[3] + 6} rx={4} />
                ))}
                {showText &&
                  pageWords.words.map((word, index) => (
                    <text key={index} x={word.box[0]} y={word.box[1] + word.box[3] * 0.85} textLength={word.box[2]} lengthAdjust="spacingAndGlyphs" fontSize={word.box[3]} className={(word.confidence > 1 ? word.confidence / 100 : word.confidence) < 0.6 ? 'ocr-word low' : 'ocr-word'}>
                      {word.text}
                    </text>
                  ))}
              </svg>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
