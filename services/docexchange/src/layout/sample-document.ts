/**
 * A realistic 公文 used by the tests and the sample renders: a 通知 of a city government with
 * headings of all four levels, a list, a table, two attachments and a long 抄送.
 */
import type { OfficialDocumentContent } from './official-document';

export const SAMPLE_TITLE = '示范市人民政府关于印发《2026年数字政府建设工作要点》的通知';

export function sampleNotice(overrides: Partial<OfficialDocumentContent> = {}): OfficialDocumentContent {
  return {
    copyNumber: '000128',
    urgency: '加急',
    agencyMark: '示范市人民政府',
    docNumber: '示政〔2026〕12号',
    title: SAMPLE_TITLE,
    mainRecipients: ['各县（市、区）人民政府', '市政府各部门', '示范经济技术开发区管委会'],
    body: [
      {
        type: 'paragraph',
        runs: [
          {
            text: '现将《2026年数字政府建设工作要点》印发给你们，请结合实际认真贯彻落实。各地各部门要把数字政府建设作为推进政府治理体系和治理能力现代化的重要抓手，加强统筹协调，压实工作责任，确保各项任务按期完成。',
          },
        ],
      },
      { type: 'heading', level: 1, text: '一、总体要求' },
      {
        type: 'paragraph',
        runs: [
          { text: '坚持以人民为中心的发展思想，' },
          { text: '以“一网通办、一网统管、一网协同”为主线', bold: true },
          {
            text: '，全面推进政府履职数字化、智能化，到2026年底，市级政务服务事项网上可办率达到98%以上，“最多跑一次”事项占比达到90%，电子公文交换系统覆盖全市100%的党政机关。',
          },
        ],
      },
      { type: 'heading', level: 2, text: '（一）夯实数字基础设施' },
      {
        type: 'paragraph',
        runs: [
          {
            text: '加快电子政务外网升级改造，市、县两级网络带宽分别提升至10Gbps和1Gbps，实现乡镇（街道）全覆盖。推进政务云资源统一调度，新建系统原则上全部部署在政务云上，存量系统在2026年10月底前完成迁移。',
          },
        ],
      },
      { type: 'heading', level: 3, text: '1.统一身份认证。' },
      {
        type: 'paragraph',
        runs: [
          {
            text: '依托城市电子政务根证书体系，为全市党政机关发放机构数字证书和电子印章，实现公文签章、收发文登记和电子归档全流程可信可验。',
          },
        ],
      },
      { type: 'heading', level: 4, text: '（1）电子印章管理。' },
      {
        type: 'paragraph',
        runs: [
          {
            text: '电子印章由市电子政务网络中心统一制发，各单位指定专人保管，严禁转借、代用；印章证书到期前30日须完成更新，遗失或泄露的应当立即申请吊销。',
          },
        ],
      },
      { type: 'heading', level: 2, text: '（二）提升政务服务效能' },
      {
        type: 'list',
        ordered: true,
        items: [
          '推行“高效办成一件事”，年内新增企业开办、不动产登记等15个集成服务场景；',
          '完善12345政务服务便民热线与部门业务系统的工单对接机制，按时办结率不低于95%；',
          '建立政务服务“好差评”闭环整改机制，差评整改率达到100%。',
        ],
      },
      { type: 'heading', level: 1, text: '二、重点任务安排' },
      {
        type: 'paragraph',
        runs: [{ text: '各项重点任务的牵头单位和完成时限见下表，各牵头单位要细化工作方案，每季度末向市数据局报送进展情况。' }],
      },
      {
        type: 'table',
        header: true,
        rows: [
          ['序号', '重点任务', '牵头单位', '完成时限'],
          ['1', '电子政务外网升级改造', '市数据局', '2026年6月'],
          ['2', '政务云资源统一调度与存量系统迁移', '市数据局、市财政局', '2026年10月'],
          ['3', '机构数字证书和电子印章全覆盖', '市电子政务网络中心', '2026年9月'],
          ['4', '“高效办成一件事”集成服务场景建设', '市政务服务管理局', '2026年12月'],
        ],
      },
      { type: 'heading', level: 1, text: '三、保障措施' },
      {
        type: 'paragraph',
        runs: [
          {
            text: '市数字政府建设领导小组办公室负责统筹协调和督促检查，将工作要点落实情况纳入年度绩效考核。各地各部门主要负责同志要亲自抓、负总责，分管负责同志要具体抓、抓具体，确保各项工作落地见效。工作中遇到的重大问题，请及时报告市政府。',
          },
        ],
      },
    ],
    attachments: ['2026年数字政府建设工作要点', '2026年数字政府建设重点项目清单'],
    signatureName: '示范市人民政府',
    date: '2026年11月23日',
    note: '此件公开发布',
    ccRecipients: ['市委各部门', '市人大常委会办公室', '市政协办公室', '示范军分区', '市法院', '市检察院', '各人民团体'],
    printingAgency: '示范市人民政府办公室',
    printingDate: '2026年11月23日',
    ...overrides,
  };
}
