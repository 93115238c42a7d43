/** /circulation: the lists, or one circulation when ?id= names it (links in notifications and 待办 do). */
import { useSearchParams } from 'react-router';
import { CirculationListPage } from './list/CirculationListPage';
import { CirculationDetailPage } from './detail/CirculationDetailPage';
import './circulation.css';

// Whoever comes here is about to read: boot the pdf.js worker now, while the list or the page loads.
void import('./reader/pdfjs').then((m) => m.warmWorker()).catch(() => undefined);

export default function CirculationPage() {
  const [params] = useSearchParams();
  const id = params.get('id');
  return id ? <CirculationDetailPage key={id} id={id} /> : <CirculationListPage />;
}
