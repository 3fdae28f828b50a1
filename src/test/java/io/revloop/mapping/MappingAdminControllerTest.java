package io.revloop.mapping;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class MappingAdminControllerTest {

    private final MappingRegistry registry = new MappingRegistry(ObjectSchemas.fromClasspath(), Path.of("mappings"));

    private MockMvc mvc(CallPlanner... planners) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        for (int i = 0; i < planners.length; i++) {
            beans.addBean("planner" + i, planners[i]);
        }
        return MockMvcBuilders.standaloneSetup(
                new MappingAdminController(registry, beans.getBeanProvider(CallPlanner.class))).build();
    }

    @Test
    void dryRunShowsResultOwnershipAndTheCallsAFlowRegistered() throws Exception {
        CallPlanner planner = new CallPlanner() {
            @Override
            public boolean supports(String mappingName) {
                return mappingName.equals("opportunity-to-ordway-subscription");
            }

            @Override
            public List<PlannedCall> plan(String mappingName, Map<String, Object> source, MappingResult result) {
                return List.of(new PlannedCall("ordway", "POST", "/subscriptions", result.document()));
            }
        };
        String body = Files.readString(Path.of("src/test/resources/mapping/closed-won-opportunity.json"));

        mvc(planner).perform(post("/admin/mappings/opportunity-to-ordway-subscription/dry-run")
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result.customer_id").value("C-00042"))
                .andExpect(jsonPath("$.result.plans[3].list_price").value("5000.00"))
                .andExpect(jsonPath("$.ownership['plans[].quantity']").value("salesforce"))
                .andExpect(jsonPath("$.calls[0].path").value("/subscriptions"))
                .andExpect(jsonPath("$.calls[0].body.currency").value("EUR"));
    }

    @Test
    void dryRunOfABadRecordAnswers422NamingRecordAndField() throws Exception {
        mvc().perform(post("/admin/mappings/contact-to-ordway-contact/dry-run")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"Id\":\"003X\",\"LastName\":\"L\"}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.recordId").value("003X"))
                .andExpect(jsonPath("$.field").value("customer_id"));
    }

    @Test
    void dryRunWithoutPlannerSaysSo() throws Exception {
        mvc().perform(post("/admin/mappings/account-to-ordway-customer/dry-run")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"Id\":\"001A\",\"Name\":\"Acme\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.result.name").value("Acme"))
                .andExpect(jsonPath("$.calls").isEmpty())
                .andExpect(jsonPath("$.warnings[0]").value("id: no value, left out"))
                .andExpect(jsonPath("$.warnings[-1]").value(
                        "no flow has registered the calls it makes with this mapping; calls is empty"));
    }

    @Test
    void unknownMappingIs404() throws Exception {
        mvc().perform(post("/admin/mappings/nope/dry-run").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isNotFound());
    }
}
