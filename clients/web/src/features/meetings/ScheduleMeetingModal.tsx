import { useEffect, useMemo, useState } from 'react';
import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { MeetingMode } from '@yizhan/protocol';
import { useApi } from '../../app/hooks/useApi';
import { useReportError } from '../../app/hooks/useReportError';
import { meetingsApi } from './api';
import { useMeetingsT } from './i18n';

interface Values {
  title: string;
  startsAt: Dayjs;
  durationMinutes: number;
  mode: MeetingMode;
  chairVenue: string;
  venues: string[];
  participants: string[];
  liveBroadcast: boolean;
  agenda?: string;
}

/** 会议安排: title, time, mode, chair venue, participating venues and people, live broadcast. */
export function ScheduleMeetingModal({ open, onClose, onScheduled }: { open: boolean; onClose(): void; onScheduled(): void }) {
  const mt = useMeetingsT();
  const { message } = App.useApp();
  const reportError = useReportError();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const venues = useApi((signal) => (open ? meetingsApi.venues(signal) : Promise.resolve(undefined)), [open]);
  const mode = Form.useWatch('mode', form);
  const chairVenue = Form.useWatch('chairVenue', form);

  const options = useMemo(() => (venues.data?.venues ?? []).map((v) => ({ value: v.code, label: v.name, kind: v.kind })), [venues.data]);

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await meetingsApi.schedule({
        title: v.title,
        startsAt: v.startsAt.toISOString(),
        durationMinutes: v.durationMinutes,
        mode: v.mode,
        chairVenue: v.chairVenue,
        venues: v.venues.filter((c) => c !== v.chairVenue),
        participants: v.participants ?? [],
        liveBroadcast: v.liveBroadcast,
        agenda: v.agenda ?? '',
      });
      void message.success(mt('schedule.done'));
      onScheduled();
    } catch (e) {
      reportError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={mt('schedule.title')} okText={mt('schedule.ok')} onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} destroyOnHidden width={640}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ mode: 'p2mp', durationMinutes: 60, startsAt: dayjs().add(10, 'minute').second(0), liveBroadcast: false, venues: [], participants: [] }}
      >
        <Form.Item name="title" label={mt('field.title')} rules={[{ required: true, whitespace: true, message: mt('field.required', { name: mt('field.title') }) }, { max: 100 }]}>
          <Input data-testid="meeting-title" />
        </Form.Item>
        <Form.Item name="startsAt" label={mt('field.startsAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="durationMinutes" label={mt('field.duration')}>
          <InputNumber min={5} max={1440} step={15} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="mode" label={mt('field.mode')}>
          <Radio.Group
            options={[
              { value: 'p2mp', label: mt('mode.p2mp') },
              { value: 'p2p', label: mt('mode.p2p') },
            ]}
          />
        </Form.Item>
        <Form.Item name="chairVenue" label={mt('field.chairVenue')} rules={[{ required: true, message: mt('field.required', { name: mt('field.chairVenue') }) }]}>
          <Select showSearch optionFilterProp="label" loading={venues.loading} options={options} data-testid="meeting-chair" />
        </Form.Item>
        <Form.Item name="venues" label={mt('field.venues')} rules={[{ required: true, type: 'array', min: 1, message: mt('field.required', { name: mt('field.venues') }) }]}>
          <Select mode="multiple" showSearch optionFilterProp="label" maxCount={mode === 'p2p' ? 1 : undefined} options={options.filter((o) => o.value !== chairVenue)} data-testid="meeting-venues" />
        </Form.Item>
        <Form.Item name="participants" label={mt('field.participants')}>
          <Select mode="tags" tokenSeparators={[',', ' ', '，']} open={false} />
        </Form.Item>
        <Form.Item name="liveBroadcast" label={mt('field.liveBroadcast')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="agenda" label={mt('field.agenda')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
