import { lazy } from 'react';
import { VideoCameraOutlined } from '@ant-design/icons';
import type { AppModule } from '../../app/modules/types';

/** 视频会议: the list (and scheduling) in the menu; the meeting room, live view and recordings by link. */
export const meetingsModule: AppModule = {
  key: 'meetings',
  path: '/meetings',
  labelKey: 'nav.meetings',
  icon: <VideoCameraOutlined />,
  page: lazy(() => import('./MeetingsPage')),
};

export const meetingsLinkedPages: AppModule[] = [
  { key: 'meeting-room', path: '/meetings/:id', labelKey: 'nav.meetings', page: lazy(() => import('./MeetingRoomPage')) },
  { key: 'meeting-live', path: '/meetings/:id/live', labelKey: 'nav.meetings', page: lazy(() => import('./LiveViewPage')) },
  { key: 'meeting-recordings', path: '/meetings/:id/recordings', labelKey: 'nav.meetings', page: lazy(() => import('./RecordingsPage')) },
];
