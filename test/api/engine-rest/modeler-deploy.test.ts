import { expect } from 'chai';
import { startTestServer, type TestServer } from '../harness.ts';
import { c7, fixture } from './c7-client.ts';
import { expectC7, expectC7Error } from './c7-contract.ts';

/**
 * The requests Camunda Modeler 5 sends for "Deploy to Camunda 7": it checks the connection
 * (`GET /deployment?maxResults=0`, `GET /version`), then posts a multipart form with
 * deployment-name, deployment-source "Camunda Modeler", enable-duplicate-filtering, the optional
 * tenant-id, the diagram as a text/xml blob named after its file and each attached form as a blob
 * named after its file; every request carries `accept: application/json` and the bearer token.
 */
function modelerDeployment(diagram: { name: string; contents: string }, options: { name: string; tenantId?: string; attachments?: Array<{ name: string; contents: string }> }): FormData {
  const form = new FormData();
  form.append('deployment-name', options.name);
  form.append('deployment-source', 'Camunda Modeler');
  form.append('enable-duplicate-filtering', 'true');
  if (options.tenantId) form.append('tenant-id', options.tenantId);
  form.append(diagram.name, new Blob([diagram.contents], { type: 'text/xml' }), diagram.name);
  for (const file of options.attachments ?? []) form.append(file.name, new Blob([file.contents]), file.name);
  return form;
}

describe('api/routes/engine-rest: Camunda Modeler "Deploy to Camunda 7"', function () {
  this.timeout(30_000);
  let server: TestServer;
  let analyst: string;
  const modelerHeaders = () => ({ accept: 'application/json', authorization: `Bearer ${analyst}` });
  const deploy = (form: FormData) => fetch(`${server.url}/engine-rest/deployment/create`, { method: 'POST', body: form, headers: modelerHeaders() });

  before(async () => {
    server = await startTestServer({ env: { MOTCUA_CORS_ORIGINS: 'https://modeler.example' } });
    analyst = server.token({ sub: 'phantich', roles: ['ANALYST'] });
  });
  after(() => server.close());

  it('passes the Modeler’s connection check', async () => {
    // when the Modeler checks the endpoint
    const deployments = await fetch(`${server.url}/engine-rest/deployment?maxResults=0`, { headers: modelerHeaders() });
    const version = await fetch(`${server.url}/engine-rest/version`, { headers: modelerHeaders() });
    // then both answer as Camunda 7 does
    expect(deployments.status).to.equal(200);
    const list = await deployments.json();
    expect(list).to.deep.equal([]);
    expectC7(list, 'get', '/deployment');
    const body = await version.json();
    expectC7(body, 'get', '/version');
    expect((body as { version: string }).version).to.match(/^7\.\d+\.\d+$/);
  });

  it('deploys a diagram with its form, lists it, and links the form to the user task', async () => {
    // given the diagram and the form attached in the Modeler's deploy dialog
    const form = modelerDeployment(
      { name: 'Tasklist.bpmn', contents: fixture('Tasklist.bpmn') },
      { name: 'Tiếp nhận và thẩm định', tenantId: 'UBNDXA-MAU', attachments: [{ name: 'tiep-nhan.form', contents: fixture('tiep-nhan.form') }] },
    );
    // when the Modeler deploys
    const response = await deploy(form);
    // then C7's DeploymentWithDefinitionsDto comes back with both processes of the file
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/json');
    const deployed = (await response.json()) as { id: string; name: string; source: string; tenantId: string; deployedProcessDefinitions: Record<string, { key: string; version: number; resource: string; name: string }> };
    expectC7(deployed, 'post', '/deployment/create');
    expect(deployed).to.include({ name: 'Tiếp nhận và thẩm định', source: 'Camunda Modeler', tenantId: 'UBNDXA-MAU' });
    const definitions = Object.values(deployed.deployedProcessDefinitions);
    expect(definitions.map((definition) => definition.key).sort()).to.deep.equal(['Process_C7MessageStart', 'Process_C7Tasks']);
    expect(definitions.find((definition) => definition.key === 'Process_C7Tasks')).to.include({ version: 1, resource: 'Tasklist.bpmn', name: 'Tiếp nhận và thẩm định' });
    // and GET /deployment lists it as the Modeler named it
    const listed = await c7<Array<{ id: string; name: string; source: string }>>(server, analyst, 'GET', '/deployment?source=Camunda%20Modeler&sortBy=name&sortOrder=asc');
    expectC7(listed.body, 'get', '/deployment');
    expect(listed.body.map((deployment) => deployment.name)).to.deep.equal(['Tiếp nhận và thẩm định', 'Tiếp nhận và thẩm định']);
    // and the form went with the diagram, where the task's camunda:formKey finds it
    const definitionId = Object.keys(deployed.deployedProcessDefinitions).find((id) => id.startsWith('Process_C7Tasks:'))!;
    const linked = await server.motcua.forms.forTask(definitionId, 'camunda-forms:deployment:tiep-nhan.form');
    expect(linked?.components.map((component) => component.key)).to.deep.equal(['hoTen', 'soGiayTo', 'hoSoDayDu']);
    // and the definition and its XML are readable as C7 serves them
    const definition = await c7(server, analyst, 'GET', `/process-definition/${encodeURIComponent(definitionId)}`);
    expectC7(definition.body, 'get', '/process-definition/{id}');
    const xml = await c7<{ bpmn20Xml: string }>(server, analyst, 'GET', `/process-definition/${encodeURIComponent(definitionId)}/xml`);
    expectC7(xml.body, 'get', '/process-definition/{id}/xml');
    expect(xml.body.bpmn20Xml).to.equal(fixture('Tasklist.bpmn'));
  });

  it('keeps the version of an unchanged diagram (duplicate filtering), also as older Modelers ask (deploy-changed-only)', async () => {
    // given Tasklist.bpmn deployed above; when it is deployed again unchanged, the way Modeler 4 did
    const form = new FormData();
    form.append('deployment-name', 'lần hai');
    form.append('deployment-source', 'Camunda Modeler');
    form.append('deploy-changed-only', 'true');
    form.append('Tasklist.bpmn', new Blob([fixture('Tasklist.bpmn')], { type: 'text/xml' }), 'Tasklist.bpmn');
    form.append('tiep-nhan.form', new Blob([fixture('tiep-nhan.form')]), 'tiep-nhan.form');
    const response = await deploy(form);
    // then the same versions come back, still named as first deployed
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { name: string; deployedProcessDefinitions: Record<string, { version: number }> };
    expect(Object.values(body.deployedProcessDefinitions).map((definition) => definition.version)).to.deep.equal([1, 1]);
    expect(body.name).to.equal('Tiếp nhận và thẩm định');
  });

  it('refuses a diagram with a validation problem, naming the element, as a C7 parse failure', async () => {
    // when the Modeler deploys a diagram with a complex gateway
    const response = await deploy(modelerDeployment({ name: 'Broken.bpmn', contents: fixture('Broken.bpmn') }, { name: 'lỗi' }));
    // then 400 with the message the Modeler shows as a parse error, naming Gateway_Complex
    expect(response.status).to.equal(400);
    const body = (await response.json()) as { type: string; message: string; details: Record<string, { errors: Array<{ mainElementId: string; message: string }> }> };
    expectC7(body, 'post', '/deployment/create', 400);
    expect(body.type).to.equal('ParseException');
    expect(body.message).to.match(/^ENGINE-09005 Could not parse BPMN process\./);
    expect(body.message).to.contain('Gateway_Complex');
    expect(body.details['Broken.bpmn']!.errors.map((error) => error.mainElementId)).to.include('Gateway_Complex');
    // and nothing was deployed
    expect((await server.motcua.store.knownKeys()).includes('Process_C7Broken')).to.equal(false);
  });

  it('refuses what it cannot deploy, naming the file or field', async () => {
    // given a DMN table, a tenant that is not the caller's agency, and an unknown field
    const dmn = modelerDeployment({ name: 'Tasklist.bpmn', contents: fixture('Tasklist.bpmn') }, { name: 'dmn', attachments: [{ name: 'phi.dmn', contents: '<definitions/>' }] });
    const tenant = modelerDeployment({ name: 'Tasklist.bpmn', contents: fixture('Tasklist.bpmn') }, { name: 'khác', tenantId: 'UBND-KHAC' });
    const unknown = modelerDeployment({ name: 'Tasklist.bpmn', contents: fixture('Tasklist.bpmn') }, { name: 'lạ' });
    unknown.append('deployment-mode', 'fast');
    // when each is deployed, then each is refused with a C7 error naming what is wrong
    const answers = await Promise.all([deploy(dmn), deploy(tenant), deploy(unknown)]);
    expect(answers.map((answer) => answer.status)).to.deep.equal([400, 403, 400]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as Array<{ message: string }>;
    for (const body of bodies) expectC7Error(body);
    expect(bodies[0]!.message).to.contain('phi.dmn');
    expect(bodies[1]!.message).to.contain('UBND-KHAC');
    expect(bodies[2]!.message).to.contain('deployment-mode');
  });

  it('answers the browser’s CORS preflight for an allowed origin only', async () => {
    // when a preflight comes from the allowed origin and from another one
    const preflight = (origin: string) =>
      fetch(`${server.url}/engine-rest/deployment/create`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('https://modeler.example');
    const other = await preflight('https://evil.example');
    // then only the allowed origin may send its bearer token
    expect(allowed.status).to.equal(204);
    expect(allowed.headers.get('access-control-allow-origin')).to.equal('https://modeler.example');
    expect(allowed.headers.get('access-control-allow-headers')).to.match(/authorization/i);
    expect(allowed.headers.get('access-control-allow-methods')).to.contain('POST');
    expect(other.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('lets only analysts and administrators deploy', async () => {
    // given an officer's token
    const officer = server.token({ sub: 'motcua', roles: ['OFFICER'], groups: ['mot_cua'] });
    // when it deploys
    const response = await fetch(`${server.url}/engine-rest/deployment/create`, {
      method: 'POST',
      body: modelerDeployment({ name: 'Tasklist.bpmn', contents: fixture('Tasklist.bpmn') }, { name: 'x' }),
      headers: { accept: 'application/json', authorization: `Bearer ${officer}` },
    });
    // then 403 with a C7 error body
    expect(response.status).to.equal(403);
    expectC7Error(await response.json(), 'AuthorizationException');
  });
});
