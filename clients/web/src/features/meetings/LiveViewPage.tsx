import { MeetingRoom } from './room/MeetingRoom';

/** /meetings/:id/live — 网上直播: watch read-only from the desk. */
export default function LiveViewPage() {
  return <MeetingRoom asViewer />;
}
