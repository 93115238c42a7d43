/**
 * The circulation reader: every page as a placeholder of the right size at once, pages rendered to
 * canvas only near the viewport (and released far from it), zoom (buttons, Ctrl+wheel, fit width),
 * thumbnails, text search; the annotation overlay of each page comes from the caller.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button, Input, Space, Tooltip, Typography } from 'antd';
import { DownOutlined, MenuUnfoldOutlined, MenuFoldOutlined, MinusOutlined, PlusOutlined, UpOutlined, ColumnWidthOutlined } from '@ant-design/icons';
import { useT } from '../../../app/i18n';
import type { PDFDocumentProxy } from './pdfjs';
import { PageView } from './PageView';
import { ThumbnailStrip } from './ThumbnailStrip';
import { searchDocument, type Rect, type SearchMatch } from './search';

const GAP = 12;
const MIN_ZOOM = 0.4;
const MAX_ZOOM = 4;

const NO_RECTS: Rect[] = [];

export interface OverlayProps {
  pageNumber: number;
  /** Near the viewport: worth a canvas. */
  active: boolean;
  width: number;
  height: number;
  scale: number;
  searchRects: Rect[];
  activeSearchRects: Rect[];
}

interface Props {
  doc: PDFDocumentProxy;
  /** Size of page 1 in points: every page starts as a placeholder of this size. */
  firstPage: { width: number; height: number };
  overlay(p: OverlayProps): ReactNode;
  tools?: ReactNode;
  onFirstPage?(): void;
  /** Opens the thumbnails at start (wide screens). */
  thumbnails?: boolean;
}

export function PdfReader({ doc, firstPage, overlay, tools, onFirstPage, thumbnails = true }: Props) {
  const t = useT();
  const n = doc.numPages;
  const scroller = useRef<HTMLDivElement>(null);
  const [sizes, setSizes] = useState<Array<[number, number]>>(() => Array.from({ length: n }, () => [firstPage.width, firstPage.height]));
  const [containerWidth, setContainerWidth] = useState(0);
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [active, setActive] = useState<Set<number>>(() => new Set([1, 2]));
  const [current, setCurrent] = useState(1);
  const [showThumbs, setShowThumbs] = useState(thumbnails);
  const [firstDone, setFirstDone] = useState(false);
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<SearchMatch[] | null>(null);
  const [matchIndex, setMatchIndex] = useState(0);
  const [searching, setSearching] = useState(false);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setContainerWidth(el.clientWidth);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const maxWidth = useMemo(() => Math.max(...sizes.map((s) => s[0])), [sizes]);
  const scale = useMemo(() => {
    if (zoom !== 'fit') return zoom;
    if (!containerWidth) return 1;
    return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, (containerWidth - 2 * GAP - 4) / maxWidth));
  }, [zoom, containerWidth, maxWidth]);

  /** Top of each page in the scroller at the current scale. */
  const tops = useMemo(() => {
    const out: number[] = [];
    let y = GAP;
    for (const [, h] of sizes) {
      out.push(y);
      y += h * scale + GAP;
    }
    return out;
  }, [sizes, scale]);

  // Which pages are near the viewport: a page within one screen above or below renders.
  const updateActive = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const top = el.scrollTop - el.clientHeight;
    const bottom = el.scrollTop + 2 * el.clientHeight;
    const next = new Set<number>();
    let cur = 1;
    for (let i = 0; i < tops.length; i++) {
      const pageTop = tops[i];
      const pageBottom = pageTop + sizes[i][1] * scale;
      if (pageBottom >= top && pageTop <= bottom) next.add(i + 1);
      if (pageTop <= el.scrollTop + el.clientHeight / 3) cur = i + 1;
    }
    setCurrent(cur);
    setActive((prev) => (prev.size === next.size && [...next].every((p) => prev.has(p)) ? prev : next));
  }, [tops, sizes, scale]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(updateActive);
    };
    updateActive();
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('scroll', onScroll);
    };
  }, [updateActive]);

  // Zooming keeps the page in view where it was (same page, same fraction of it at the top).
  const anchor = useRef<{ page: number; fraction: number } | null>(null);
  const zoomTo = useCallback(
    (next: number | 'fit') => {
      const el = scroller.current;
      if (el) {
        const i = current - 1;
        anchor.current = { page: current, fraction: (el.scrollTop - tops[i]) / (sizes[i][1] * scale) };
      }
      setZoom(next === 'fit' ? 'fit' : Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, Math.round(next * 100) / 100)));
    },
    [current, tops, sizes, scale],
  );
  useLayoutEffect(() => {
    const el = scroller.current;
    const a = anchor.current;
    if (!el || !a) return;
    anchor.current = null;
    el.scrollTop = tops[a.page - 1] + a.fraction * sizes[a.page - 1][1] * scale;
  }, [scale, tops, sizes]);

  // Ctrl + wheel (and the trackpad pinch, which arrives as one) zooms.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey) return;
      e.preventDefault();
      zoomTo(scale * (e.deltaY < 0 ? 1.1 : 1 / 1.1));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scale, zoomTo]);

  const goTo = useCallback(
    (page: number, y?: number) => {
      const el = scroller.current;
      if (!el) return;
      el.scrollTop = tops[page - 1] + (y !== undefined ? Math.max(0, y * scale - el.clientHeight / 3) : 0) - (y === undefined ? GAP / 2 : 0);
    },
    [tops, scale],
  );

  const onSize = useCallback((page: number, w: number, h: number) => {
    setSizes((s) => s.map((v, i) => (i === page - 1 ? [w, h] : v)));
  }, []);

  const firstReported = useRef(false);
  const onRendered = useCallback(
    (page: number) => {
      if (page === 1 && !firstReported.current) {
        firstReported.current = true;
        setFirstDone(true);
        onFirstPage?.();
      }
    },
    [onFirstPage],
  );

  const search = useRef<AbortController | null>(null);
  const runSearch = useCallback(
    async (q: string) => {
      search.current?.abort();
      if (!q.trim()) {
        setMatches(null);
        return;
      }
      const controller = new AbortController();
      search.current = controller;
      setSearching(true);
      try {
        const found = await searchDocument(doc, q, controller.signal);
        if (controller.signal.aborted) return;
        setMatches(found);
        setMatchIndex(0);
        if (found[0]) goTo(found[0].page, found[0].rects[0]?.[1]);
      } finally {
        if (!controller.signal.aborted) setSearching(false);
      }
    },
    [doc, goTo],
  );
  const step = (d: number) => {
    if (!matches?.length) return;
    const i = (matchIndex + d + matches.length) % matches.length;
    setMatchIndex(i);
    goTo(matches[i].page, matches[i].rects[0]?.[1]);
  };

  const ratio = firstPage.height / firstPage.width;
  const rectsByPage = useMemo(() => {
    const m = new Map<number, Rect[]>();
    for (const match of matches ?? []) m.set(match.page, [...(m.get(match.page) ?? []), ...match.rects]);
    return m;
  }, [matches]);

  return (
    <div className="yz-circ-reader" data-testid="reader" data-pages={n} data-scale={scale.toFixed(3)}>
      <div className="yz-circ-toolbar" data-testid="reader-toolbar">
        <Space size={4} wrap>
          <Tooltip title={t('circ.reader.thumbnails')}>
            <Button
              size="small"
              type="text"
              icon={showThumbs ? <MenuFoldOutlined /> : <MenuUnfoldOutlined />}
              onClick={() => setShowThumbs((v) => !v)}
              aria-label={t('circ.reader.thumbnails')}
            />
          </Tooltip>
          <Typography.Text type="secondary" data-testid="reader-page-indicator">
            {t('circ.reader.page', { page: current, total: n })}
          </Typography.Text>
          <Tooltip title={t('circ.reader.zoomOut')}>
            <Button size="small" icon={<MinusOutlined />} onClick={() => zoomTo(scale / 1.2)} aria-label={t('circ.reader.zoomOut')} data-testid="zoom-out" />
          </Tooltip>
          <Typography.Text style={{ minWidth: 44, textAlign: 'center', display: 'inline-block' }} data-testid="zoom-level">
            {Math.round(scale * 100)}%
          </Typography.Text>
          <Tooltip title={t('circ.reader.zoomIn')}>
            <Button size="small" icon={<PlusOutlined />} onClick={() => zoomTo(scale * 1.2)} aria-label={t('circ.reader.zoomIn')} data-testid="zoom-in" />
          </Tooltip>
          <Tooltip title={t('circ.reader.fitWidth')}>
            <Button
              size="small"
              type={zoom === 'fit' ? 'primary' : 'default'}
              ghost={zoom === 'fit'}
              icon={<ColumnWidthOutlined />}
              onClick={() => zoomTo('fit')}
              aria-label={t('circ.reader.fitWidth')}
            />
          </Tooltip>
          <Input.Search
            size="small"
            allowClear
            style={{ width: 180 }}
            placeholder={t('circ.reader.search')}
            value={query}
            loading={searching}
            onChange={(e) => {
              setQuery(e.target.value);
              if (!e.target.value) setMatches(null);
            }}
            onSearch={(q) => void runSearch(q)}
            data-testid="reader-search"
          />
          {matches && (
            <Space size={2}>
              <Typography.Text type="secondary" data-testid="search-count">
                {matches.length ? t('circ.reader.matches', { index: matchIndex + 1, total: matches.length }) : t('circ.reader.noMatch')}
              </Typography.Text>
              <Button
                size="small"
                type="text"
                icon={<UpOutlined />}
                disabled={!matches.length}
                onClick={() => step(-1)}
                aria-label={t('circ.reader.prevMatch')}
              />
              <Button
                size="small"
                type="text"
                icon={<DownOutlined />}
                disabled={!matches.length}
                onClick={() => step(1)}
                aria-label={t('circ.reader.nextMatch')}
              />
            </Space>
          )}
        </Space>
        {tools && <div className="yz-circ-tools">{tools}</div>}
      </div>
      <div className="yz-circ-reader-body">
        {showThumbs && <ThumbnailStrip doc={doc} ratio={ratio} current={current} enabled={firstDone} onSelect={(p) => goTo(p)} />}
        <div className="yz-circ-scroller" ref={scroller} data-testid="reader-scroller">
          <div className="yz-circ-pages" style={{ paddingTop: GAP, minWidth: maxWidth * scale + 2 * GAP }}>
            {sizes.map(([w, h], i) => {
              const page = i + 1;
              const activeMatch = matches?.[matchIndex]?.page === page ? matches[matchIndex].rects : NO_RECTS;
              return (
                <PageView
                  key={page}
                  doc={doc}
                  pageNumber={page}
                  width={w}
                  height={h}
                  scale={scale}
                  // Nothing renders before the fit-width scale is known, and page 1 goes first on its own.
                  active={containerWidth > 0 && active.has(page) && (page === 1 || firstDone || !active.has(1))}
                  onRendered={onRendered}
                  onSize={onSize}
                >
                  {overlay({
                    pageNumber: page,
                    active: active.has(page),
                    width: w,
                    height: h,
                    scale,
                    searchRects: rectsByPage.get(page) ?? NO_RECTS,
                    activeSearchRects: activeMatch,
                  })}
                </PageView>
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}
