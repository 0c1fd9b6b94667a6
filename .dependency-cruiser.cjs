/** Layer rules: the domain is framework-free, modules keep their internals, application code depends on ports, the kernel knows nothing of the service. */
const FRAMEWORKS = '(^|/)node_modules/(@nestjs|typeorm|class-validator|class-transformer|@aws-sdk|bull|ioredis|pg|express|undici)/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-framework-free',
      comment: 'src/domain and every module domain/ folder import no framework',
      severity: 'error',
      from: { path: '^src/(domain|modules/[^/]+/domain)/' },
      to: { dependencyTypesNot: ['type-only'], path: FRAMEWORKS },
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
      comment: "a module's application code uses its own infrastructure only through ports (application/ports), bound in the module file",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/application/' },
      to: { path: '^src/modules/$1/infrastructure/' },
    },
    {
      name: 'kernel-stands-alone',
      comment: 'libs/ are generic: they import nothing from src/',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^src/' },
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
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
