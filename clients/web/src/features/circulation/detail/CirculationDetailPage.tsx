/**
 * One circulation: the reader (the sealed original with every visible layer) and, beside it, what the
 * caller does here — a reader writes and signs their 批示 or 圈阅; the clerk follows the live timeline,
 * changes the route, produces the annotated copy and closes it; the assigned department handles it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { App, Button, Card, Drawer, Input, Modal, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ClockCircleOutlined, EditOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import type { Annotation, CirculationEvent, CloseCirculation, RouteStep } from '@yizhan/protocol';
import { useI18n } from '../../../app/i18n';
import { useCurrentUser } from '../../../app/auth/AuthProvider';
import { useApi } from '../../../app/hooks/useApi';
import { useReportError } from '../../../app/hooks/useReportError';
import { LoadError } from '../../../app/components/LoadError';
import { circulationApi } from '../api';
import { CIRCULATION_STATUS, stepLabel } from '../labels';
import { PdfReader, type OverlayProps } from '../reader/PdfReader';
import { PageOverlay } from '../annotate/PageOverlay';
import { AnnotationTools } from '../annotate/AnnotationTools';
import { useLayerEditor } from '../annotate/useLayerEditor';
import { annotationId, circleSpot, type PenSettings, type Tool } from '../annotate/tools';
import { RouteTimeline, type StepAction } from '../route/RouteTimeline';
import { useCirculationEvents } from '../useCirculationEvents';
import { ReaderPanel } from './ReaderPanel';
import { LayersPanel, MINE } from './LayersPanel';
import { ClerkPanel, HandlePanel } from './ClerkPanel';
import { HistoryList } from './HistoryList';
import { AddStepModal, TransferModal } from './PeopleModals';
import { useMediaQuery } from './useMediaQuery';
import { usePdfDocument } from './usePdfDocument';

const NONE: Annotation[] = [];

function byPage(annotations: Annotation[], into = new Map<number, Annotation[]>()): Map<number, Annotation[]> {
  for (const a of annotations) into.set(a.page, [...(into.get(a.page) ?? []), a]);
  return into;
}

export function CirculationDetailPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const reportError = useReportError();
  const wide = useMediaQuery('(min-width: 1200px)');
  const openedAt = useRef(performance.now());
  const [firstPageMs, setFirstPageMs] = useState<number | null>(null);

  const { pdf, error: pdfError } = usePdfDocument(id);
  const { data: detail, error, reload } = useApi((signal) => circulationApi.get(id, signal), [id]);

  const myTask = detail?.myTask ?? null;
  const canAnnotate = !!detail?.actions.includes('annotate');
  const isClerk = !!detail?.actions.includes('produce-copy');
  const editor = useLayerEditor(id, myTask?.id ?? null, myTask?.draft ?? null, canAnnotate || myTask?.status === 'recalled');
  const working = myTask?.status === 'pending' || myTask?.status === 'recalled';

  const [tool, setTool] = useState<Tool>('read');
  const [pen, setPen] = useState<PenSettings>({ color: '#c41d1d', width: 2 });
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState<{ page: number; at: [number, number]; text: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const [addAfter, setAddAfter] = useState<RouteStep | null | undefined>(undefined);
  const [sideOpen, setSideOpen] = useState(false);

  useEffect(() => {
    if (!canAnnotate) setTool('read');
  }, [canAnnotate]);

  // The reader has it in hand: the clerk's timeline shows 正在阅.
  const openedTask = useRef<string | null>(null);
  useEffect(() => {
    if (myTask?.status === 'pending' && openedTask.current !== myTask.id) {
      openedTask.current = myTask.id;
      circulationApi.open(id).then(reload, () => undefined);
    }
  }, [id, myTask?.id, myTask?.status]);

  // Others' layers as they arrive: say who, once.
  const seenLayers = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!detail) return;
    const ids = new Set(detail.layers.map((l) => l.taskId));
    if (seenLayers.current) {
      for (const l of detail.layers)
        if (!seenLayers.current.has(l.taskId) && l.taskId !== myTask?.id) void message.info(t('circ.msg.newLayer', { name: l.name }));
    }
    seenLayers.current = ids;
  }, [detail, myTask?.id, message, t]);

  const latest = useRef({ myTaskId: myTask?.id, flush: editor.flush });
  latest.current = { myTaskId: myTask?.id, flush: editor.flush };
  useCirculationEvents((e: CirculationEvent) => {
    if (e.circulationId !== id) return;
    if (e.change === 'recalled' && latest.current.myTaskId && e.taskIds.includes(latest.current.myTaskId)) {
      void latest.current.flush().finally(() => reload());
      modal.warning({ title: t('circ.recalled.title'), content: t('circ.recalled.body') });
      return;
    }
    reload();
  }, reload);

  const othersByPage = useMemo(() => {
    const m = new Map<number, Annotation[]>();
    for (const l of detail?.layers ?? []) if (!hidden.has(l.taskId)) byPage(l.annotations, m);
    return m;
  }, [detail?.layers, hidden]);
  const mineByPage = useMemo(
    () => (working && !hidden.has(MINE) ? byPage(editor.annotations) : new Map<number, Annotation[]>()),
    [working, hidden, editor.annotations],
  );

  const onAdd = editor.add;
  const onErase = editor.remove;
  const onNote = useCallback((page: number, at: [number, number]) => setNote({ page, at, text: '' }), []);
  const overlay = useCallback(
    (p: OverlayProps) => (
      <PageOverlay
        {...p}
        others={othersByPage.get(p.pageNumber) ?? NONE}
        mine={mineByPage.get(p.pageNumber) ?? NONE}
        editable={canAnnotate}
        tool={tool}
        pen={pen}
        onAdd={onAdd}
        onErase={onErase}
        onNote={onNote}
      />
    ),
    [othersByPage, mineByPage, canAnnotate, tool, pen, onAdd, onErase, onNote],
  );

  const onFirstPage = useCallback(() => {
    const ms = Math.round(performance.now() - openedAt.current);
    setFirstPageMs(ms);
    performance.mark('circulation:first-page');
  }, []);

  const act = async (run: () => Promise<unknown>, ok?: string) => {
    setBusy(true);
    try {
      await run();
      if (ok) void message.success(ok);
      reload();
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = async (circled: boolean) => {
    if (!detail) return;
    setSubmitting(true);
    try {
      await editor.flush();
      let annotations = editor.annotations;
      if (circled) {
        const placed = detail.layers.filter((l) => l.circled).length;
        annotations = [
          ...annotations,
          { kind: 'circle', id: annotationId('circle'), page: 1, color: '#c41d1d', at: circleSpot(placed), name: me.name, date: dayjs().format('YYYY-MM-DD') },
        ];
      }
      const r = await circulationApi.submit(id, { annotations, instruction: editor.instruction, circled });
      void message.success(r.alreadySubmitted ? t('circ.msg.alreadySubmitted') : circled ? t('circ.msg.circled') : t('circ.msg.submitted'));
      setTool('read');
      reload();
    } catch (e) {
      reportError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const stepAction = (step: RouteStep, action: StepAction) => {
    const run = () => act(() => circulationApi.stepAction(id, step.id, action), t(`circ.msg.${action}`));
    if (action === 'remind') return void run();
    modal.confirm({ title: t(`circ.confirm.${action}`), content: t(`circ.confirm.${action}Body`), onOk: run });
  };

  if (error && !detail) return <LoadError error={error} onRetry={reload} />;

  // The reader does not wait for the circulation's details: pdf.js and the PDF bytes are the long pole.
  const status = detail ? CIRCULATION_STATUS[detail.status] : null;
  const assignee = !!detail && detail.outcome?.agencyCode === me.agencyCode && !isClerk;
  const side = !detail ? (
    <Spin style={{ display: 'block', marginTop: 40 }} />
  ) : (
    <div className="yz-circ-side-inner">
      {myTask && (
        <ReaderPanel detail={detail} editor={editor} submitting={submitting} onSubmit={(c) => void submit(c)} onTransfer={() => setTransferOpen(true)} />
      )}
      {isClerk && (
        <ClerkPanel
          detail={detail}
          busy={busy}
          onProduceCopy={() => void act(() => circulationApi.produceCopy(id), t('circ.msg.copy'))}
          onClose={(b: CloseCirculation) => void act(() => circulationApi.close(id, b), t('circ.msg.closed'))}
        />
      )}
      {assignee && <HandlePanel detail={detail} busy={busy} onHandled={(n) => void act(() => circulationApi.handled(id, n), t('circ.msg.handled'))} />}
      <LayersPanel
        layers={detail.layers}
        hidden={hidden}
        mine={working ? { count: editor.annotations.length } : null}
        onToggle={(key, visible) =>
          setHidden((h) => {
            const next = new Set(h);
            if (visible) next.delete(key);
            else next.add(key);
            return next;
          })
        }
        signatureUrl={(taskId) => circulationApi.instructionUrl(id, taskId)}
      />
      <Card size="small" title={t('circ.panel.route')}>
        <RouteTimeline detail={detail} manage={isClerk} busy={busy} onStepAction={stepAction} onAddStep={(after) => setAddAfter(after)} />
      </Card>
      {isClerk && <HistoryList detail={detail} />}
    </div>
  );

  return (
    <div className="yz-circ-detail" data-testid="circulation-detail" data-status={detail?.status ?? ''} data-first-page-ms={firstPageMs ?? ''}>
      <div className="yz-circ-head">
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/circulation')} aria-label={t('circ.back')} />
        {detail && status && (
          <div className="yz-circ-title">
            <Typography.Title level={5} style={{ margin: 0 }} ellipsis={{ tooltip: detail.title }}>
              {detail.title}
            </Typography.Title>
            <Space size={6} wrap className="yz-circ-subtitle">
              <Tag color={status.color} data-testid="circulation-status">
                {t(status.key)}
              </Tag>
              {detail.urgency !== '普通' && <Tag color={detail.urgency === '特急' ? 'red' : 'orange'}>{detail.urgency}</Tag>}
              <Typography.Text type="secondary">
                {detail.docNumber} · {detail.fromAgencyName}
              </Typography.Text>
              {detail.currentReaders.length > 0 && (
                <Typography.Text type="secondary">{t('circ.currentReaders', { names: detail.currentReaders.join('、') })}</Typography.Text>
              )}
              {detail.deadline && (
                <Typography.Text type={detail.overdue ? 'danger' : 'secondary'}>
                  <ClockCircleOutlined /> {dayjs(detail.deadline).format('MM-DD HH:mm')}
                </Typography.Text>
              )}
            </Space>
          </div>
        )}
        {!wide && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => setSideOpen(true)} data-testid="side-toggle">
            {canAnnotate ? t('circ.panel.instruction') : t('circ.panel.open')}
          </Button>
        )}
      </div>
      {detail?.note && <div className="yz-circ-note">{t('circ.note', { note: detail.note })}</div>}
      <div className="yz-circ-body">
        <div className="yz-circ-main">
          {pdf ? (
            <PdfReader
              doc={pdf.doc}
              firstPage={pdf.firstPage}
              overlay={overlay}
              onFirstPage={onFirstPage}
              thumbnails={wide}
              tools={
                canAnnotate ? (
                  <AnnotationTools tool={tool} pen={pen} canUndo={editor.canUndo} onTool={setTool} onPen={setPen} onUndo={editor.undo} />
                ) : undefined
              }
            />
          ) : pdfError ? (
            <Typography.Text type="danger">{pdfError}</Typography.Text>
          ) : (
            <Spin style={{ display: 'block', marginTop: 80 }} />
          )}
        </div>
        {wide ? (
          <aside className="yz-circ-side" data-testid="side-panel">
            {side}
          </aside>
        ) : (
          <Drawer open={sideOpen} onClose={() => setSideOpen(false)} size={380} title={detail?.title} styles={{ body: { padding: 12 } }}>
            <div data-testid="side-panel">{side}</div>
          </Drawer>
        )}
      </div>

      <Modal
        open={!!note}
        title={t('circ.note.title')}
        okButtonProps={{ disabled: !note?.text.trim(), 'data-testid': 'note-ok' } as never}
        onCancel={() => setNote(null)}
        onOk={() => {
          if (note) editor.add({ kind: 'note', id: annotationId('note'), page: note.page, color: pen.color, at: note.at, text: note.text.trim() });
          setNote(null);
        }}
        destroyOnHidden
      >
        <Input.TextArea
          autoFocus
          rows={3}
          maxLength={500}
          value={note?.text ?? ''}
          onChange={(e) => setNote((n) => (n ? { ...n, text: e.target.value } : n))}
          data-testid="note-input"
        />
      </Modal>
      <TransferModal
        open={transferOpen}
        agency={detail?.agencyCode ?? me.agencyCode}
        onCancel={() => setTransferOpen(false)}
        onOk={async (to, text) => {
          try {
            await editor.flush();
            await circulationApi.transfer(id, to, text);
            setTransferOpen(false);
            void message.success(t('circ.msg.transferred'));
            reload();
          } catch (e) {
            reportError(e);
          }
        }}
      />
      <AddStepModal
        open={addAfter !== undefined}
        agency={detail?.agencyCode ?? me.agencyCode}
        afterLabel={addAfter ? t('circ.addStep.after', { step: stepLabel(addAfter.position, locale) }) : t('circ.addStep.atEnd')}
        onCancel={() => setAddAfter(undefined)}
        onOk={async (readers, deadline) => {
          await act(
            () => circulationApi.addStep(id, { readers, ...(deadline ? { deadline } : {}), ...(addAfter ? { after: addAfter.id } : {}) }),
            t('circ.msg.stepAdded'),
          );
          setAddAfter(undefined);
        }}
      />
    </div>
  );
}
