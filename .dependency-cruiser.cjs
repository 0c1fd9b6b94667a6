/** Layer rules: the domain is framework-free and stands alone, modules keep their internals, application code depends on ports, Delivery's parts build on its ledger, the kernel knows nothing of the service. */
const FRAMEWORKS = '(^|/)node_modules/(@nestjs|typeorm|class-validator|class-transformer|@aws-sdk|bull|ioredis|pg|fastify|@fastify|undici)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-framework-free',
      comment: 'src/domain and every module domain/ folder (a part of a module has its own: src/modules/delivery/ledger/domain/) import no framework',
      severity: 'error',
      from: { path: '^src/(domain|modules/[^/]+/domain|modules/[^/]+/[^/]+/domain)/' },
      to: { dependencyTypesNot: ['type-only'], path: FRAMEWORKS },
    },
    {
      name: 'domain-stands-alone',
      comment: 'src/domain and every domain/ folder (a module\'s or a part\'s) import no api, application or infrastructure code, nor the configuration',
      severity: 'error',
      from: { path: '^src/(domain|modules/[^/]+/domain|modules/[^/]+/[^/]+/domain)/' },
      to: { path: '^src/(config|infrastructure|modules/[^/]+/(api|application|infrastructure)|modules/[^/]+/[^/]+/(api|application|infrastructure))/' },
    },
    {
      name: 'modules-keep-their-internals',
      comment: 'a module talks to another only through src/domain (events and ports)',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'application-depends-on-ports',
      comment: "a module's application code uses its own infrastructure (any part's, in a module of parts) only through ports (application/ports), bound in the module file",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/(application|[^/]+/application)/' },
      to: { path: '^src/modules/$1/(infrastructure|[^/]+/infrastructure)/' },
    },
    {
      name: 'delivery-parts-build-on-ledger',
      comment: "Delivery in parts: ingest and queries may import ledger; ledger imports neither, nor does one import the other",
      severity: 'error',
      from: { path: '^src/modules/delivery/(ledger|ingest|queries)/' },
      to: { path: '^src/modules/delivery/(ingest|queries)/', pathNot: '^src/modules/delivery/$1/' },
    },
    {
      name: 'delivery-parts-use-the-ledgers-face',
      comment: "ingest and queries use the ledger through what it offers them (ledger/index.ts) and its domain types, never its internals",
      severity: 'error',
      from: { path: '^src/modules/delivery/(ingest|queries)/' },
      to: { path: '^src/modules/delivery/ledger/', pathNot: '^src/modules/delivery/ledger/(index\\.ts$|domain/)' },
    },
    {
      name: 'kernel-stands-alone',
      comment: 'libs/ are generic: they import nothing from src/',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^src/' },
    },
    {
      name: 'migrations-are-frozen',
      comment: 'a migration is history: it imports no live code of the service, only what it froze in migrations/frozen/',
      severity: 'error',
      from: { path: '^src/infrastructure/database/migrations/' },
      to: { path: '^src/', pathNot: '^src/infrastructure/database/migrations/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
