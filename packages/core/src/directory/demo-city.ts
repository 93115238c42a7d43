/**
 * Deterministic demo directory for the fictitious city 示范市 (prefix 示), modelled on the
 * government network of a Chinese prefecture-level city: the four leading bodies and the
 * military sub-district, ~70 city departments, 16 counties/districts with their departments,
 * people in every agency, and the 3 main + 16 county conference venues.
 *
 * Pure and deterministic: names come from a seeded PRNG, so every call returns the same data.
 */
import { pinyin } from 'pinyin-pro';
import type { AgencySpec, AgencyKind, DirectorySpec, Role, UserSpec, VenueSpec } from './types';

export const DEMO_CITY_NAME = '示范市';
export const DEMO_ROOT_CODE = 'city';
/** Agency of the system administrators (the city network centre's operator). */
export const DEMO_ADMIN_AGENCY_CODE = 'dsjj';
export const DEMO_ADMIN_USERNAME = 'admin';

// ---------------------------------------------------------------------------------------------
// Agencies
// ---------------------------------------------------------------------------------------------

/** [code, full name, short name, docPrefix, head title (default: derived from the short name)] */
type DeptRow = readonly [code: string, name: string, shortName: string, docPrefix: string, head?: string];

const BODIES = [
  { code: 'sw', name: '中共示范市委员会', shortName: '市委', docPrefix: '示发', kind: 'body' },
  { code: 'srd', name: '示范市人民代表大会常务委员会', shortName: '市人大常委会', docPrefix: '示人大', kind: 'body' },
  { code: 'szf', name: '示范市人民政府', shortName: '市政府', docPrefix: '示政', kind: 'body' },
  { code: 'szx', name: '中国人民政治协商会议示范市委员会', shortName: '市政协', docPrefix: '示政协', kind: 'body' },
  { code: 'jfq', name: '示范军分区', shortName: '军分区', docPrefix: '示军', kind: 'military' },
] as const satisfies readonly { code: string; name: string; shortName: string; docPrefix: string; kind: AgencyKind }[];

/** Leaders of the leading bodies: documents circulate among them. */
const BODY_LEADERS: Record<string, readonly string[]> = {
  sw: ['市委书记', '市委副书记', '市委副书记', '市委秘书长'],
  srd: ['主任', '副主任', '副主任', '秘书长'],
  szf: ['市长', '常务副市长', '副市长', '秘书长'],
  szx: ['主席', '副主席', '副主席', '秘书长'],
  jfq: ['司令员', '政治委员', '副司令员'],
};

const SW_DEPARTMENTS: readonly DeptRow[] = [
  ['swb', '中共示范市委办公室', '市委办', '示办'],
  ['zzb', '中共示范市委组织部', '市委组织部', '示组'],
  ['xcb', '中共示范市委宣传部', '市委宣传部', '示宣'],
  ['tzb', '中共示范市委统一战线工作部', '市委统战部', '示统战'],
  ['zfw', '中共示范市委政法委员会', '市委政法委', '示政法', '书记'],
  ['jw', '中共示范市纪律检查委员会', '市纪委监委', '示纪', '书记'],
  ['bb', '中共示范市委机构编制委员会办公室', '市委编办', '示编'],
  ['zys', '中共示范市委政策研究室', '市委政研室', '示研'],
  ['wxb', '中共示范市委网络安全和信息化委员会办公室', '市委网信办', '示网信'],
  ['dx', '中共示范市委党校', '市委党校', '示党校', '常务副校长'],
  ['lgbj', '中共示范市委老干部局', '市委老干部局', '示老干'],
  ['jggw', '中共示范市直属机关工作委员会', '市直机关工委', '示直工', '书记'],
];

const SZF_DEPARTMENTS: readonly DeptRow[] = [
  ['zfb', '示范市人民政府办公室', '市政府办', '示政办'],
  ['fgw', '示范市发展和改革委员会', '市发改委', '示发改'],
  ['jyj', '示范市教育局', '市教育局', '示教'],
  ['kjj', '示范市科学技术局', '市科技局', '示科'],
  ['gxj', '示范市工业和信息化局', '市工信局', '示工信'],
  ['mzzj', '示范市民族宗教事务局', '市民宗局', '示民宗'],
  ['gaj', '示范市公安局', '市公安局', '示公'],
  ['mzj', '示范市民政局', '市民政局', '示民'],
  ['sfj', '示范市司法局', '市司法局', '示司'],
  ['czj', '示范市财政局', '市财政局', '示财'],
  ['rsj', '示范市人力资源和社会保障局', '市人社局', '示人社'],
  ['zrzyj', '示范市自然资源和规划局', '市自然资源和规划局', '示自然'],
  ['sthjj', '示范市生态环境局', '市生态环境局', '示环'],
  ['zjj', '示范市住房和城乡建设局', '市住建局', '示建'],
  ['jtj', '示范市交通运输局', '市交通运输局', '示交'],
  ['slj', '示范市水利局', '市水利局', '示水'],
  ['nyncj', '示范市农业农村局', '市农业农村局', '示农'],
  ['swj', '示范市商务局', '市商务局', '示商'],
  ['wlj', '示范市文化广电和旅游局', '市文旅局', '示文旅'],
  ['wjw', '示范市卫生健康委员会', '市卫健委', '示卫健'],
  ['tyjrj', '示范市退役军人事务局', '市退役军人事务局', '示退役'],
  ['yjj', '示范市应急管理局', '市应急管理局', '示应急'],
  ['sjj', '示范市审计局', '市审计局', '示审'],
  ['gzw', '示范市人民政府国有资产监督管理委员会', '市国资委', '示国资'],
  ['scjgj', '示范市市场监督管理局', '市市场监管局', '示市监'],
  ['tjj', '示范市统计局', '市统计局', '示统'],
  ['ybj', '示范市医疗保障局', '市医保局', '示医保'],
  ['lyj', '示范市林业局', '市林业局', '示林'],
  ['cgj', '示范市城市管理综合行政执法局', '市城管局', '示城管'],
  ['xfj', '示范市信访局', '市信访局', '示信访'],
  ['xzspj', '示范市行政审批局', '市行政审批局', '示审批'],
  ['dsjj', '示范市大数据局', '市大数据局', '示数据'],
  ['wb', '示范市人民政府外事办公室', '市外办', '示外办'],
  ['rfb', '示范市人民防空办公室', '市人防办', '示人防'],
  ['jrj', '示范市地方金融监督管理局', '市金融局', '示金融'],
  ['tyj', '示范市体育局', '市体育局', '示体'],
  ['lsj', '示范市粮食和物资储备局', '市粮储局', '示粮'],
  ['jgswj', '示范市机关事务管理局', '市机关事务局', '示机关'],
  ['xczxj', '示范市乡村振兴局', '市乡村振兴局', '示乡振'],
  ['tcj', '示范市投资促进局', '市投促局', '示投促'],
  ['gjj', '示范市住房公积金管理中心', '市公积金中心', '示公积金'],
  ['qxj', '示范市气象局', '市气象局', '示气象'],
  ['xfzd', '示范市消防救援支队', '市消防支队', '示消', '支队长'],
];

const SRD_DEPARTMENTS: readonly DeptRow[] = [
  ['rdb', '示范市人大常委会办公室', '市人大办', '示人大办'],
  ['rdfgw', '示范市人大常委会法制工作委员会', '市人大法工委', '示人大法'],
  ['rdcjw', '示范市人民代表大会财政经济委员会', '市人大财经委', '示人大财', '主任委员'],
  ['rdjkw', '示范市人民代表大会教育科学文化卫生委员会', '市人大教科文卫委', '示人大教', '主任委员'],
  ['rdcjhw', '示范市人民代表大会城乡建设环境保护委员会', '市人大城建环保委', '示人大城', '主任委员'],
  ['rdnw', '示范市人民代表大会农业农村委员会', '市人大农委', '示人大农', '主任委员'],
  ['rdjsw', '示范市人民代表大会监察和司法委员会', '市人大监司委', '示人大监', '主任委员'],
  ['rddbw', '示范市人大常委会代表工作委员会', '市人大代表工委', '示人大代'],
];

const SZX_DEPARTMENTS: readonly DeptRow[] = [
  ['zxb', '政协示范市委员会办公室', '市政协办', '示政协办'],
  ['zxtaw', '政协示范市委员会提案委员会', '市政协提案委', '示政协提'],
  ['zxjjw', '政协示范市委员会经济委员会', '市政协经济委', '示政协经'],
  ['zxwsw', '政协示范市委员会文化文史和学习委员会', '市政协文史委', '示政协文'],
  ['zxshw', '政协示范市委员会社会和法制委员会', '市政协社法委', '示政协社'],
  ['zxrhw', '政协示范市委员会人口资源环境委员会', '市政协人资环委', '示政协环'],
  ['zxgaw', '政协示范市委员会港澳台侨和外事委员会', '市政协港澳台侨外事委', '示政协港'],
];

const CITY_DEPARTMENTS: Record<string, readonly DeptRow[]> = {
  sw: SW_DEPARTMENTS,
  srd: SRD_DEPARTMENTS,
  szf: SZF_DEPARTMENTS,
  szx: SZX_DEPARTMENTS,
};

/** [code, name (e.g. 临河县), docPrefix character] — each county's first character is unique. */
const COUNTIES: readonly (readonly [code: string, name: string, prefix: string])[] = [
  ['dc', '东城区', '东'],
  ['xh', '西湖区', '西'],
  ['ng', '南关区', '南'],
  ['bs', '北山区', '北'],
  ['yt', '云台市', '云'],
  ['lh', '临河县', '临'],
  ['qs', '青山县', '青'],
  ['qy', '清源县', '清'],
  ['ya', '永安县', '永'],
  ['pc', '平川县', '平'],
  ['cl', '长宁县', '长'],
  ['bm', '白马县', '白'],
  ['ap', '安丰县', '安'],
  ['xf', '新集县', '新'],
  ['gc', '古城县', '古'],
  ['sh', '双河县', '双'],
];

/** [code suffix, name after the county (办公室 gets the 人民政府 prefix), short name, docPrefix suffix, head] */
const COUNTY_DEPARTMENTS: readonly (readonly [string, string, string, string, string])[] = [
  ['bgs', '人民政府办公室', '政府办', '政办', '主任'],
  ['fgj', '发展和改革局', '发改局', '发改', '局长'],
  ['jyj', '教育局', '教育局', '教', '局长'],
  ['czj', '财政局', '财政局', '财', '局长'],
  ['gaj', '公安局', '公安局', '公', '局长'],
  ['mzj', '民政局', '民政局', '民', '局长'],
  ['wjj', '卫生健康局', '卫健局', '卫', '局长'],
  ['yjj', '应急管理局', '应急局', '应急', '局长'],
];

function countyHeadTitle(countyName: string): string {
  if (countyName.endsWith('区')) return '区长';
  if (countyName.endsWith('市')) return '市长';
  return '县长';
}

/** 局长 for a 局, 主任 for a 委员会/办公室, 部长 for a 部 … */
function headTitleOf(shortName: string): string {
  if (shortName.endsWith('局')) return '局长';
  if (shortName.endsWith('部')) return '部长';
  return '主任'; // 委, 办, 室, 中心
}

function deputyOf(head: string): string {
  if (head.startsWith('常务副')) return head.replace('常务副', '副');
  if (head.startsWith('副')) return head;
  if (head === '主任委员') return '副主任委员';
  return `副${head}`;
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/** Common surnames, most frequent first; the tail includes some that read differently as surnames. */
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高',
  '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁',
  '潘', '于', '蒋', '蔡', '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔',
  '钟', '谭', '陆', '汪', '范', '金', '石', '廖', '贾', '夏', '韦', '付', '方', '白', '邹', '孟', '熊', '秦',
  '邱', '江', '尹', '薛', '闫', '段', '雷', '侯', '龙', '史', '陶', '黎', '贺', '顾', '毛', '郝', '龚', '邵',
  '万', '钱', '严', '武', '戴', '孔', '汤', '单', '仇', '欧阳', '司马', '上官',
];

const GIVEN_1 = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '霞', '平',
  '刚', '华', '婷', '玲', '红', '斌', '鹏', '辉', '宇', '浩', '欣', '雪', '颖', '琳', '晨', '俊', '峰', '波',
  '丹', '亮', '宁', '凯', '健', '燕', '萍', '倩', '琴', '蕾', '毅', '松', '岩', '林', '彬', '帆', '阳',
  '瑶', '璐', '蓉', '莉', '慧', '娟', '梅', '兰', '荣', '飞', '鑫', '博', '昊', '哲', '航', '睿', '晶', '薇',
  '楠', '婧', '瑜', '璇', '昕', '旭', '坤', '猛', '东', '翔', '悦',
];

const GIVEN_2 = [
  '秀英', '桂英', '建华', '建国', '志强', '海燕', '晓东', '晓明', '秀兰', '玉兰', '建军', '国强', '文静', '丽娟',
  '春梅', '志刚', '永刚', '海波', '红梅', '立新', '振华', '雪梅', '子涵', '浩然', '欣怡', '思远', '梓轩', '雨萱',
  '一鸣', '文博', '佳怡', '明轩', '志明', '国华', '少华', '德胜', '春华', '晓燕', '金凤', '玉梅', '卫东', '向阳',
  '红霞', '宏伟', '小龙', '建平', '海涛', '晓丽', '文华', '光明', '新民', '跃进', '淑珍', '丽华', '俊杰', '嘉欣',
  '国庆', '建新', '秀芳', '美玲', '丽萍', '雅琴', '晓峰', '志勇', '明辉', '伟东', '立军', '春生', '永红', '爱华',
  '建英', '晓红', '学军', '云飞', '思雨', '雨涵', '诗琪', '子轩', '宇航', '博文', '天宇', '佳琪', '梦瑶', '晓彤',
  '海峰', '振宇', '立伟', '凤英', '桂芳', '淑芬', '秀梅', '慧敏', '新华', '文杰', '国栋', '建伟', '红英', '亚楠',
];

/** mulberry32: a tiny seeded PRNG, enough for picking names. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickName(rand: () => number): string {
  // Square the draw so frequent surnames (early in the list) come up more often.
  const surname = SURNAMES[Math.floor(rand() * rand() * SURNAMES.length)];
  const given = rand() < 0.45 ? GIVEN_1[Math.floor(rand() * GIVEN_1.length)] : GIVEN_2[Math.floor(rand() * GIVEN_2.length)];
  return surname + given;
}

/**
 * Username base for a Chinese name: full pinyin without tones, lowercase ASCII, surname read as
 * a surname (曾 zeng, 单 shan, 仇 qiu), ü written v (吕 lv). 张伟 → zhangwei.
 */
export function usernameBase(name: string): string {
  const syllables = pinyin(name, { toneType: 'none', surname: 'head', type: 'array', v: true, nonZh: 'removed' });
  const base = syllables.join('').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!/^[a-z]/.test(base)) throw new Error(`cannot derive a username from ${JSON.stringify(name)}`);
  return base;
}

/** Hands out globally unique usernames: zhangwei, zhangwei2, zhangwei3 … */
export function createUsernameAllocator(reserved: Iterable<string> = []): (name: string) => string {
  const taken = new Set(reserved);
  return (name) => {
    const base = usernameBase(name);
    let username = base;
    for (let n = 2; taken.has(username); n++) username = `${base}${n}`;
    taken.add(username);
    return username;
  };
}

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------

export interface DemoAccounts {
  admin: string;
  cityGovClerk: string;
  cityGovLeader: string;
  fgwClerk: string;
  countyClerk: string;
  venueOperator: string;
}

export function buildDemoCity(): DirectorySpec {
  const agencies: AgencySpec[] = [];
  const users: UserSpec[] = [];
  const venues: VenueSpec[] = [];
  const rand = mulberry32(0x5ea1_2026);
  const allocate = createUsernameAllocator([DEMO_ADMIN_USERNAME]);
  const siblingCount = new Map<string | null, number>();

  const addAgency = (a: Omit<AgencySpec, 'sortOrder'>): void => {
    const sortOrder = siblingCount.get(a.parentCode) ?? 0;
    siblingCount.set(a.parentCode, sortOrder + 1);
    agencies.push({ ...a, sortOrder });
  };

  const namesInAgency = new Map<string, Set<string>>();
  const addUser = (agencyCode: string, roles: Role[], title: string): string => {
    const seen = namesInAgency.get(agencyCode) ?? new Set<string>();
    namesInAgency.set(agencyCode, seen);
    let name = pickName(rand);
    while (seen.has(name)) name = pickName(rand);
    seen.add(name);
    const username = allocate(name);
    users.push({ username, name, agencyCode, roles, title });
    return username;
  };

  /** Clerk first, then leaders, then staff: the first clerk/leader of an agency is its demo account. */
  const staffAgency = (code: string, leaders: readonly string[], staff: readonly string[], clerks = 1): void => {
    for (let i = 0; i < clerks; i++) addUser(code, ['clerk'], '收发员');
    for (const title of leaders) addUser(code, ['leader'], title);
    for (const title of staff) addUser(code, ['staff'], title);
  };

  addAgency({ code: DEMO_ROOT_CODE, name: DEMO_CITY_NAME, shortName: DEMO_CITY_NAME, parentCode: null, kind: 'city', docPrefix: '' });

  for (const body of BODIES) {
    addAgency({ code: body.code, name: body.name, shortName: body.shortName, parentCode: DEMO_ROOT_CODE, kind: body.kind, docPrefix: body.docPrefix });
    const bodyStaff = body.kind === 'military' ? ['参谋', '干事'] : ['秘书', '科长', '科员'];
    staffAgency(body.code, BODY_LEADERS[body.code], bodyStaff, body.kind === 'military' ? 1 : 2);
  }

  for (const [parent, rows] of Object.entries(CITY_DEPARTMENTS)) {
    for (const [code, name, shortName, docPrefix, head] of rows) {
      addAgency({ code, name, shortName, parentCode: parent, kind: 'department', docPrefix });
      const headTitle = head ?? headTitleOf(shortName);
      staffAgency(code, [headTitle, deputyOf(headTitle)], rand() < 0.5 ? ['科长', '科员'] : ['科员']);
    }
  }
  addUser(DEMO_ADMIN_AGENCY_CODE, ['staff'], '网络管理员');
  users.push({ username: DEMO_ADMIN_USERNAME, name: '系统管理员', agencyCode: DEMO_ADMIN_AGENCY_CODE, roles: ['admin'], title: '系统管理员' });

  for (const [code, countyName, p] of COUNTIES) {
    const seat = countyName.slice(-1); // 区, 县 or 市
    addAgency({
      code,
      name: `${countyName}人民政府`,
      shortName: `${countyName}政府`,
      parentCode: DEMO_ROOT_CODE,
      kind: 'county',
      docPrefix: `${p}政`,
    });
    const head = countyHeadTitle(countyName);
    staffAgency(code, [head, `常务副${head}`, `副${head}`], ['科长', '科员']);

    const base = countyName.slice(0, -1); // 临河
    for (const [suffix, deptName, deptShort, prefixSuffix, deptHead] of COUNTY_DEPARTMENTS) {
      addAgency({
        code: `${code}-${suffix}`,
        name: `${countyName}${deptName}`,
        shortName: suffix === 'bgs' ? `${base}${seat}${deptShort}` : `${base}${deptShort}`,
        parentCode: code,
        kind: 'county-department',
        docPrefix: `${p}${prefixSuffix}`,
      });
      const leaders = rand() < 0.5 ? [deptHead, `副${deptHead}`] : [deptHead];
      staffAgency(`${code}-${suffix}`, leaders, ['科员']);
    }
  }

  const addVenue = (code: string, name: string, kind: VenueSpec['kind'], agencyCode: string): void => {
    const operatorUsername = addUser(agencyCode, ['venue-operator'], '会场操作员');
    venues.push({ code, name, kind, agencyCode, operatorUsername });
  };
  addVenue('v-sw', '市委常委会议室', 'main', 'sw');
  addVenue('v-szf', '市政府常务会议室', 'main', 'szf');
  addVenue('v-srd', '市人大会议中心', 'main', 'srd');
  for (const [code, countyName] of COUNTIES) addVenue(`v-${code}`, `${countyName}视频会议室`, 'county', code);

  return { cityName: DEMO_CITY_NAME, agencies, users, venues };
}

/** The well-known demo logins, looked up in the data so callers never hard-code them. */
export function demoAccountsOf(spec: DirectorySpec): DemoAccounts {
  const firstWith = (agencyCode: string, role: Role): string => {
    const user = spec.users.find((u) => u.agencyCode === agencyCode && u.roles.includes(role));
    if (!user) throw new Error(`demo directory has no ${role} in ${agencyCode}`);
    return user.username;
  };
  const firstCounty = spec.agencies.find((a) => a.kind === 'county');
  const firstMainVenue = spec.venues.find((v) => v.kind === 'main');
  if (!firstCounty || !firstMainVenue) throw new Error('demo directory has no county or no main venue');
  return {
    admin: DEMO_ADMIN_USERNAME,
    cityGovClerk: firstWith('szf', 'clerk'),
    cityGovLeader: firstWith('szf', 'leader'),
    fgwClerk: firstWith('fgw', 'clerk'),
    countyClerk: firstWith(firstCounty.code, 'clerk'),
    venueOperator: firstMainVenue.operatorUsername,
  };
}

export const DEMO_ACCOUNTS: Readonly<DemoAccounts> = Object.freeze(demoAccountsOf(buildDemoCity()));
